package dev.glowletter.rendering.internal;

import java.util.List;
import java.util.Locale;

import freemarker.core.Environment;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import org.springframework.context.MessageSource;

/**
 * The reader's texts in the e-mail templates, from {@code messages/reader*.properties} in
 * the language of the template's run (the list's; the team's mails set {@code en}):
 * {@code msg("mail.confirm.title")}, {@code msg("mail.confirm.text", list.name, email)}
 * (plain text, escaped in HTML like any value) and
 * {@code msgHtml("mail.confirm.html", …)} (a message holding our markup, its values
 * escaped). A missing key fails the template.
 */
final class TemplateMessages implements TemplateMethodModelEx {

	private final MessageSource messages;

	private final boolean html;

	TemplateMessages(MessageSource messages, boolean html) {
		this.messages = messages;
		this.html = html;
	}

	@Override
	public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
		if (arguments.isEmpty()) {
			throw new TemplateModelException("msg needs a message key");
		}
		String code = String.valueOf(DeepUnwrap.unwrap((TemplateModel) arguments.get(0)));
		Object[] values = new Object[arguments.size() - 1];
		for (int i = 1; i < arguments.size(); i++) {
			Object value = DeepUnwrap.unwrap((TemplateModel) arguments.get(i));
			values[i - 1] = html ? HTMLOutputFormat.INSTANCE.escapePlainText(String.valueOf(value)) : value;
		}
		Environment environment = Environment.getCurrentEnvironment();
		Locale locale = environment == null ? Locale.ENGLISH : environment.getLocale();
		String message = messages.getMessage(code, values, locale);
		if (html) {
			return HTMLOutputFormat.INSTANCE.fromMarkup(message);
		}
		return new SimpleScalar(message);
	}

}
