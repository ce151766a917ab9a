package dev.glowletter.rendering;

import java.util.Map;
import java.util.regex.Pattern;

import dev.glowletter.rendering.internal.EmailTemplates;
import org.springframework.stereotype.Component;

/**
 * The templates an API call may send one e-mail with: {@code <name>.ftlh} (HTML) and
 * {@code <name>.ftl} (plain text) in the folder {@code transactional/} of the e-mail
 * templates, both there. A name is lower-case letters, digits and hyphens (at most 64):
 * nothing else reaches the template loader, so no name leaves the folder. The subject is
 * the one the plain-text template sets ({@code <#assign subject = "…">}), unless the call
 * gives one.
 */
@Component
public class TransactionalTemplates {

	/** The folder of these templates, among the e-mail templates. */
	public static final String FOLDER = "transactional";

	/** The variable the plain-text template sets its subject in. */
	public static final String SUBJECT = "subject";

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

	private final EmailTemplates templates;

	private final MessageComposer composer;

	TransactionalTemplates(EmailTemplates templates, MessageComposer composer) {
		this.templates = templates;
		this.composer = composer;
	}

	/** Whether the text is a template name at all (it may still not exist). */
	public static boolean isName(String name) {
		return name != null && NAME.matcher(name).matches();
	}

	/** The template of an {@link Email}, for a name that {@link #isName is one}. */
	public static String path(String name) {
		if (!isName(name)) {
			throw new IllegalArgumentException("Not a template name");
		}
		return FOLDER + "/" + name;
	}

	/** Whether both parts of the template are there. */
	public boolean exists(String name) {
		return isName(name) && templates.exists(path(name) + ".ftl") && templates.exists(path(name) + ".ftlh");
	}

	/**
	 * Renders both parts of the e-mail as the outbox will (so that a model the template
	 * cannot render is refused now, not given up later), and returns the subject the
	 * plain-text template sets, or null.
	 * @throws TemplateProblem where it does not render
	 */
	public String check(Email email) {
		Map<String, Object> model = composer.commonModel(email.unsubscribeUrl());
		model.putAll(email.model());
		FieldValues.wrapIn(model);
		EmailTemplates.Output text = templates.renderReading(email.template() + ".ftl", model, SUBJECT);
		templates.render(email.template() + ".ftlh", model);
		return text.variable() == null || text.variable().isBlank() ? null : text.variable().strip();
	}

}
