package dev.glowletter.rendering.internal;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.TemplateProblem;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.cache.TemplateNameFormat;
import freemarker.core.Environment;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.MalformedTemplateNameException;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateNotFoundException;
import freemarker.template.TemplateScalarModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.stereotype.Component;

/**
 * The e-mail templates: HTML ({@code .ftlh}, auto-escaped) and plain text ({@code .ftl}),
 * kept apart from the web page templates. Parsed once and cached; edits in the folder
 * show up after the update delay.
 */
@Component
public class EmailTemplates {

	private static final Logger log = LoggerFactory.getLogger(EmailTemplates.class);

	private final Configuration configuration;

	/** How long an edit in the folder takes to show up; null: the packaged copy. */
	private final Duration editsShowAfter;

	// public: the rendering's unit tests build it without Spring (NewsletterFixtures), in
	// English
	public EmailTemplates(RenderingProperties properties) throws IOException {
		this(properties, bundledMessages(), Locale.ENGLISH);
	}

	/**
	 * The templates in the list's language ({@code glowletter.list.locale}): its texts
	 * ({@code msg}, {@code msgHtml}, see {@link TemplateMessages}), dates and numbers.
	 */
	@Autowired
	public EmailTemplates(RenderingProperties properties, MessageSource messages, GlowletterProperties glowletter)
			throws IOException {
		this(properties, messages, glowletter.list().locale());
	}

	// public: the languages test renders each reader mail in each language with it
	public EmailTemplates(RenderingProperties properties, MessageSource messages, Locale locale) throws IOException {
		this.configuration = new Configuration(Configuration.VERSION_2_3_34);
		TemplateLoader loader = loader(properties);
		this.configuration.setTemplateLoader(loader);
		this.editsShowAfter = loader instanceof FileTemplateLoader ? properties.templateUpdateDelay() : null;
		this.configuration.setTemplateUpdateDelayMilliseconds(properties.templateUpdateDelay().toMillis());
		this.configuration.setDefaultEncoding("UTF-8");
		this.configuration.setOutputEncoding("UTF-8");
		this.configuration.setLocale(locale);
		this.configuration.setSharedVariable("msg", new TemplateMessages(messages, false));
		this.configuration.setSharedVariable("msgHtml", new TemplateMessages(messages, true));
		this.configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
		this.configuration.setLogTemplateExceptions(false);
		this.configuration.setWrapUncheckedExceptions(true);
		this.configuration.setFallbackOnNullLoopVariable(false);
		// templates are edited in a folder on the server: they render values, they never
		// reach Java classes
		this.configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
		this.configuration.setAPIBuiltinEnabled(false);
		// Template names come from us and from admins: no "../" ever leaves the folder.
		this.configuration.setTemplateNameFormat(TemplateNameFormat.DEFAULT_2_4_0);
	}

	/** The reader's texts without Spring, as Boot's message source reads them. */
	public static MessageSource bundledMessages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages/reader");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}

	private static TemplateLoader loader(RenderingProperties properties) throws IOException {
		File dir = new File(properties.templatesDir());
		if (dir.isDirectory()) {
			log.info("E-mail templates: loaded from the folder {} (edits show up without a restart)",
					dir.getAbsolutePath());
			return new FileTemplateLoader(dir);
		}
		log.info("E-mail templates: the copy packaged in the application (no folder {} here)",
				properties.templatesDir());
		return new ClassTemplateLoader(EmailTemplates.class, "/email-templates/");
	}

	/**
	 * How long an edited template in the folder takes to show up (the update delay);
	 * empty for the packaged copy, which never changes while the application runs.
	 */
	public Optional<Duration> editsShowAfter() {
		return Optional.ofNullable(editsShowAfter);
	}

	/** Renders {@code name} (e.g. {@code confirm.ftlh}) with the model. */
	public String render(String name, Map<String, ?> model) {
		Template template = template(name);
		StringWriter out = new StringWriter(4096);
		try {
			template.process(model, out);
		}
		catch (TemplateException ex) {
			throw new TemplateProblem(name, ex.getLineNumber(), ex.getColumnNumber(), ex.getMessageWithoutStackTop(),
					ex);
		}
		catch (IOException ex) {
			throw new TemplateProblem(name, null, null, ex.getMessage(), ex);
		}
		return out.toString();
	}

	/** A template's output, and the text it set a top-level variable to (or null). */
	public record Output(String text, String variable) {
	}

	/**
	 * Renders {@code name} with the model, and reads what the template set
	 * {@code variable} to ({@code <#assign>} or {@code <#global>} at its top level): null
	 * when it did not, or set it to something that is not text.
	 */
	public Output renderReading(String name, Map<String, ?> model, String variable) {
		Template template = template(name);
		StringWriter out = new StringWriter(4096);
		try {
			Environment environment = template.createProcessingEnvironment(model, out);
			environment.process();
			TemplateModel value = environment.getMainNamespace().get(variable);
			if (value == null) {
				value = environment.getGlobalNamespace().get(variable);
			}
			return new Output(out.toString(),
					value instanceof TemplateScalarModel scalar ? scalar.getAsString() : null);
		}
		catch (TemplateException ex) {
			throw new TemplateProblem(name, ex.getLineNumber(), ex.getColumnNumber(), ex.getMessageWithoutStackTop(),
					ex);
		}
		catch (IOException ex) {
			throw new TemplateProblem(name, null, null, ex.getMessage(), ex);
		}
	}

	/** Whether a template of that name is there (it may still not parse). */
	public boolean exists(String name) {
		try {
			configuration.getTemplate(name);
			return true;
		}
		catch (TemplateNotFoundException | MalformedTemplateNameException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/** The parsed template, from the cache after the first call. */
	public Template template(String name) {
		try {
			return configuration.getTemplate(name);
		}
		catch (ParseException ex) {
			throw new TemplateProblem(name, ex.getLineNumber(), ex.getColumnNumber(), ex.getEditorMessage(), ex);
		}
		catch (TemplateNotFoundException | MalformedTemplateNameException ex) {
			throw new TemplateProblem(name, null, null, "no such template", ex);
		}
		catch (IOException ex) {
			throw new TemplateProblem(name, null, null, ex.getMessage(), ex);
		}
	}

}
