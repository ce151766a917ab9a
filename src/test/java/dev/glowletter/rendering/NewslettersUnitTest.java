package dev.glowletter.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.RenderingProperties;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewslettersUnitTest {

	private final Newsletters newsletters = NewsletterFixtures.newsletters();

	private static final Recipient ROSA = new Recipient(42, "rosa@example.org", "Rosa", 3);

	private static MimeMessage parse(ComposedEmail email) throws Exception {
		return new MimeMessage(Session.getInstance(new Properties()),
				new ByteArrayInputStream(email.mime().getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void digestIsMultipartAlternativeWithTextFirstThenHtml() throws Exception {
		MimeMessage message = parse(newsletters.compose(NewsletterFixtures.digest(), ROSA, null));
		assertThat(message.getContentType()).startsWith("multipart/alternative");
		MimeMultipart parts = (MimeMultipart) message.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").contains("UTF-8");
		assertThat((String) parts.getBodyPart(0).getContent())
			.contains("Microneedling for hair regrowth: what the evidence says")
			.contains("Read more: https://blog.example/a");
	}

	@Test
	void digestCarriesTheReadersOneClickUnsubscribeHeadersAndFooterLink() throws Exception {
		ComposedEmail composed = newsletters.compose(NewsletterFixtures.digest(), ROSA,
				"https://news.example.org/view/abc");
		MimeMessage message = parse(composed);
		String unsubscribe = message.getHeader("List-Unsubscribe", null);
		assertThat(unsubscribe).matches("<https://news\\.example\\.org/unsubscribe/[A-Za-z0-9_-]{38}>");
		assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
		assertThat(message.getHeader("List-Id", null)).contains("glowletter.example");
		assertThat(message.getMessageID()).isEqualTo(composed.messageId()).endsWith("@glowletter.example>");
		assertThat(message.getSubject()).isEqualTo("Hi Rosa, this week in beauty");
		String html = (String) ((MimeMultipart) message.getContent()).getBodyPart(1).getContent();
		String link = unsubscribe.substring(1, unsubscribe.length() - 1);
		assertThat(html).contains("href=\"" + link + "\"")
			.contains("href=\"https://news.example.org/view/abc\"")
			.contains("1 Example Street")
			.contains("because you subscribed to Beauty resources, tips, and news");
	}

	@Test
	void digestHtmlHasEveryPartOfTheNewsletter() {
		RenderedNewsletter rendered = newsletters.preview(NewsletterFixtures.digest(), ROSA);
		assertThat(rendered.html()).contains("display:none")
			.contains("Five reads for the week") // hidden preheader
			.contains("Beauty resources, tips, and news")
			.contains("<p style=\"margin:0 0 16px 0;\">Hello again!</p>")
			.contains("This week is all about hair.")
			.contains("<img src=\"https://blog.example/img/a.jpg\" alt=\"Dermaroller on a towel\"")
			.contains("<a href=\"https://blog.example/b\" class=\"gl-link\"")
			.contains("Read more")
			.contains("3 March 2025")
			.contains("max-width:600px")
			.contains("prefers-color-scheme: dark");
		assertThat(rendered.html().getBytes(StandardCharsets.UTF_8).length).isLessThan(100 * 1024);
	}

	@Test
	void everyUserValueIsEscapedInHtml() {
		String evil = "<script>alert(1)</script>\"'&";
		NewsletterContent content = new NewsletterContent("Hi ${subscriber.firstName} " + evil, evil, evil, "digest",
				List.of(new ArticleCard(evil, "https://blog.example/x?a=1&b=\"><script>", evil,
						"https://blog.example/i.jpg", evil, evil, OffsetDateTime.parse("2025-01-01T00:00:00Z"))));
		RenderedNewsletter rendered = newsletters.preview(content, new Recipient(1, "e@example.org", evil, 1));
		assertThat(rendered.html()).doesNotContain("<script>")
			.doesNotContain("\"><script")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;")
			.contains("alt=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;\"")
			.contains("href=\"https://blog.example/x?a=1&amp;b=&quot;&gt;&lt;script&gt;\"");
		assertThat(rendered.subject()).isEqualTo("Hi " + evil + " " + evil);
	}

	@Test
	void aLinkThatIsNotHttpNeverReachesTheEmail() {
		NewsletterContent content = new NewsletterContent("S", null, null, "digest", List
			.of(new ArticleCard("T", "javascript:alert(1)", "E", "data:image/png;base64,xx", null, null, null)));
		String html = newsletters.preview(content, ROSA).html();
		assertThat(html).doesNotContain("javascript:").doesNotContain("data:image");
	}

	@Test
	void subjectAndNameCannotInjectHeaders() throws Exception {
		NewsletterContent content = new NewsletterContent("News\r\nBcc: victim@example.org\r\n${subscriber.firstName}",
				null, null, "digest", NewsletterFixtures.fiveCards());
		Recipient eve = new Recipient(7, "eve@example.org", "Eve\r\nBcc: other@example.org", 1);
		ComposedEmail composed = newsletters.compose(content, eve, null);
		MimeMessage message = parse(composed);
		assertThat(message.getHeader("Bcc")).isNull();
		assertThat(composed.mime()).doesNotContainPattern("(?m)^Bcc:");
		assertThat(message.getSubject()).doesNotContain("\r").doesNotContain("\n").contains("Bcc: victim@example.org");
		assertThat(message.getAllRecipients()).hasSize(1);
	}

	@Test
	void subjectThatDoesNotParseIsReportedWithLineAndColumn() {
		NewsletterContent content = new NewsletterContent("Hi ${subscriber.firstName", null, null, "digest", List.of());
		assertThatThrownBy(() -> newsletters.validate(content)).isInstanceOfSatisfying(TemplateProblem.class,
				problem -> {
					assertThat(problem.template()).isEqualTo("subject");
					assertThat(problem.line()).isEqualTo(1);
					assertThat(problem.column()).isNotNull();
				});
	}

	@Test
	void unknownVariableInTheSubjectIsReported() {
		NewsletterContent content = new NewsletterContent("Hi ${reader.name}", null, null, "digest", List.of());
		assertThatThrownBy(() -> newsletters.validate(content)).isInstanceOf(TemplateProblem.class)
			.hasMessageContaining("reader");
	}

	@Test
	void templateErrorsNameTheTemplateAndTheLine(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("broken.ftlh"), "<p>one</p>\n<p>two</p>\n<p>${articles[0].title</p>\n");
		Files.writeString(dir.resolve("broken.ftl"), "text\n");
		Files.writeString(dir.resolve("unknown.ftlh"), "<p>one</p>\n\n  ${noSuchVariable}\n");
		Files.writeString(dir.resolve("unknown.ftl"), "text\n");
		Newsletters fromDir = NewsletterFixtures.newsletters(dir.toString(), null);
		assertThatThrownBy(() -> fromDir.validate(new NewsletterContent("S", null, null, "broken", List.of())))
			.isInstanceOfSatisfying(TemplateProblem.class, problem -> {
				assertThat(problem.template()).isEqualTo("broken.ftlh");
				assertThat(problem.line()).isEqualTo(3);
				assertThat(problem.getMessage()).contains("line 3");
			});
		assertThatThrownBy(() -> fromDir.validate(new NewsletterContent("S", null, null, "unknown", List.of())))
			.isInstanceOfSatisfying(TemplateProblem.class, problem -> {
				assertThat(problem.template()).isEqualTo("unknown.ftlh");
				assertThat(problem.line()).isEqualTo(3);
				assertThat(problem.column()).isEqualTo(5);
				assertThat(problem.getMessage()).contains("noSuchVariable");
			});
	}

	@Test
	void anEmailTemplateCannotMakeJavaObjects(@TempDir Path dir) throws Exception {
		String execute = "<#assign run = \"freemarker.template.utility.Execute\"?new()>made it";
		Files.writeString(dir.resolve("execute.ftlh"), execute);
		Files.writeString(dir.resolve("execute.ftl"), execute);
		Newsletters fromDir = NewsletterFixtures.newsletters(dir.toString(), null);
		assertThatThrownBy(() -> fromDir.validate(new NewsletterContent("S", null, null, "execute", List.of())))
			.isInstanceOfSatisfying(TemplateProblem.class,
					problem -> assertThat(problem.template()).isEqualTo("execute.ftlh"));
		EmailTemplates templates = new EmailTemplates(new RenderingProperties(dir.toString(), Duration.ofSeconds(2),
				NewsletterFixtures.LINK_KEY, null, "email", null));
		assertThatThrownBy(() -> templates.render("execute.ftl", Map.of())).isInstanceOf(TemplateProblem.class)
			.hasMessageContaining("Execute");
	}

	@Test
	void templateNameCannotLeaveTheTemplateFolder() {
		assertThatThrownBy(() -> newsletters.validate(new NewsletterContent("S", null, null, "../pom", List.of())))
			.isInstanceOf(TemplateProblem.class);
	}

	@Test
	void utmParametersAreAddedToArticleLinksWhenConfigured() {
		Newsletters tracked = NewsletterFixtures.newsletters("email-templates", "newsletter");
		NewsletterContent content = new NewsletterContent("S", null, null, "digest",
				List.of(new ArticleCard("T", "https://blog.example/a?ref=x#top", "E", null, null, null, null)));
		RenderedNewsletter rendered = tracked.preview(content, ROSA);
		assertThat(rendered.html()).contains(
				"href=\"https://blog.example/a?ref=x&amp;utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=digest#top\"");
		assertThat(rendered.text())
			.contains("https://blog.example/a?ref=x&utm_source=newsletter&utm_medium=email&utm_campaign=digest#top");
		assertThat(rendered.html()).doesNotContain("unsubscribe/" + "?utm");
		assertThat(newsletters.preview(content, ROSA).html()).doesNotContain("utm_source");
	}

	@Test
	void goodbyeMailRendersWithoutAnUnsubscribeLink() throws Exception {
		EmailTemplates templates = new EmailTemplates(new RenderingProperties("email-templates", Duration.ofSeconds(2),
				NewsletterFixtures.LINK_KEY, null, "email", null));
		Map<String, Object> model = new HashMap<>();
		model.put("list", NewsletterFixtures.properties().list());
		model.put("sender", NewsletterFixtures.properties().sender());
		model.put("baseUrl", "https://news.example.org");
		model.put("subscriber", Map.of("firstName", "Rosa"));
		assertThat(templates.render("goodbye.ftlh", model)).contains("Hello Rosa")
			.contains("href=\"https://news.example.org/\"")
			.contains("one last e-mail")
			.doesNotContain("Unsubscribe</a>");
		assertThat(templates.render("goodbye.ftl", model))
			.contains("You are unsubscribed from Beauty resources, tips, and news");
	}

}
