package dev.glowletter.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.RenderingProperties;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates read a reader's custom fields ({@code subscriber.fields.skinType}): a missing
 * value is empty, every value is escaped in HTML, and a prepared newsletter fills them in
 * (by variant, when the template tests or compares them) to exactly what the full render
 * gives.
 */
class PreparedFieldsUnitTest {

	private static final String HTML = """
			<p>Skin: ${subscriber.fields.skinType}</p>
			<#if subscriber.fields.age?has_content><p>Age ${subscriber.fields.age}</p><#else><p>No age</p></#if>
			<#if subscriber.fields.skinType == "Oily"><p>Oil-free serum</p></#if>
			<p>[${subscriber.fields.noSuchField}]</p>
			<p>Hi ${subscriber.firstName!"there"}</p>""";

	private static final String SHOUT = "<p>${subscriber.fields.note?upper_case}</p>";

	private Newsletters newsletters;

	@TempDir
	Path dir;

	@BeforeEach
	void templates() throws Exception {
		for (String name : List.of("layout.ftlh", "layout.ftl")) {
			Files.copy(Path.of("email-templates", name), dir.resolve(name));
		}
		Files.writeString(dir.resolve("fields.ftlh"), HTML);
		Files.writeString(dir.resolve("fields.ftl"), HTML.replace("<p>", "").replace("</p>", ""));
		Files.writeString(dir.resolve("shout.ftlh"), SHOUT);
		Files.writeString(dir.resolve("shout.ftl"), SHOUT);
		newsletters = NewsletterFixtures.newsletters(dir.toString(), null);
	}

	static List<Recipient> readers() {
		return List.of(reader(1, "Rosa", Map.of("skinType", "Oily", "age", "34")),
				reader(2, null, Map.of("skinType", "Dry")), reader(3, "Ann", Map.of()),
				reader(4, "Zo\u00eb", Map.of("skinType", "<script>alert(1)</script>", "age", "7 & \"8\"")),
				reader(5, null, Map.of("age", "50", "note", "ignored")), reader(6, "Kim", Map.of("skinType", "Oily")));
	}

	private static Recipient reader(long id, String name, Map<String, String> fields) {
		return new Recipient(id, "reader" + id + "@example.org", name, 1, new HashMap<>(fields));
	}

	@Test
	void aFilledInCopyEqualsTheFullyRenderedOneForEveryMixOfValues() throws Exception {
		NewsletterContent content = new NewsletterContent("For ${subscriber.fields.skinType} skin", null, null,
				"fields", List.of());
		PreparedNewsletter prepared = newsletters.prepare(content, null);
		assertThat(prepared.isFast()).isTrue();
		for (Recipient reader : readers()) {
			assertThat(prepared.fillsIn(reader)).as("filled in for %s", reader).isTrue();
			MimeMessage fast = parse(prepared.compose(reader));
			MimeMessage full = parse(newsletters.compose(content, reader, null));
			assertThat(fast.getSubject()).isEqualTo(full.getSubject());
			assertThat(part(fast, 0)).isEqualTo(part(full, 0));
			assertThat(part(fast, 1)).as("HTML for %s", reader).isEqualTo(part(full, 1));
		}
	}

	@Test
	void aValueIsEscapedInHtmlAMissingOneIsEmptyAndAComparisonHolds() throws Exception {
		NewsletterContent content = new NewsletterContent("For ${subscriber.fields.skinType} skin", null, null,
				"fields", List.of());
		PreparedNewsletter prepared = newsletters.prepare(content, null);

		String zoe = part(parse(prepared.compose(readers().get(3))), 1);
		assertThat(zoe).contains("<p>Skin: &lt;script&gt;alert(1)&lt;/script&gt;</p>")
			.contains("<p>Age 7 &amp; &quot;8&quot;</p>")
			.doesNotContain("<script>");
		String ann = part(parse(prepared.compose(readers().get(2))), 1);
		assertThat(ann).contains("<p>Skin: </p>").contains("<p>No age</p>").contains("<p>[]</p>");
		assertThat(part(parse(prepared.compose(readers().get(0))), 1)).contains("Oil-free serum");
		assertThat(part(parse(prepared.compose(readers().get(5))), 1)).contains("Oil-free serum");
		assertThat(part(parse(prepared.compose(readers().get(1))), 1)).doesNotContain("Oil-free serum");
		assertThat(parse(prepared.compose(readers().get(0))).getSubject()).isEqualTo("For Oily skin");
	}

	@Test
	void aTemplateThatComputesWithAValueGetsItWrittenInPerValue() throws Exception {
		NewsletterContent content = new NewsletterContent("Hi", null, null, "shout", List.of());
		PreparedNewsletter prepared = newsletters.prepare(content, null);
		Recipient quiet = reader(7, "Al", Map.of("note", "quiet <please>"));

		assertThat(prepared.fillsIn(quiet)).isTrue();
		assertThat(part(parse(prepared.compose(quiet)), 1)).isEqualTo("<p>QUIET &lt;PLEASE&gt;</p>");
		assertThat(part(parse(prepared.compose(reader(8, "Bo", Map.of("note", "loud")))), 1)).isEqualTo("<p>LOUD</p>");
		assertThat(part(parse(prepared.compose(reader(9, "Cy", Map.of()))), 1)).isEqualTo("<p></p>");
	}

	@Test
	void aTransactionalMailReadsTheFieldsItsModelCarries() throws Exception {
		MessageComposer composer = new MessageComposer(
				new EmailTemplates(new RenderingProperties(dir.toString(), Duration.ofSeconds(2),
						NewsletterFixtures.LINK_KEY, null, "email", null)),
				NewsletterFixtures.properties(), Clock.systemUTC());
		Map<String, Object> subscriber = new HashMap<>();
		subscriber.put("email", "rosa@example.org");
		subscriber.put("fields", Map.of("skinType", "<b>Oily</b>"));
		ComposedEmail mail = composer.compose(new Email("rosa@example.org", null, "Welcome", "fields",
				Map.of("subscriber", subscriber), "https://news.example.org/unsubscribe/x"));
		String html = part(parse(mail), 1);
		assertThat(html).contains("<p>Skin: &lt;b&gt;Oily&lt;/b&gt;</p>").contains("<p>No age</p>");

		ComposedEmail without = composer.compose(new Email("ann@example.org", null, "Welcome", "fields",
				Map.of("subscriber", Map.of("email", "ann@example.org")), null));
		assertThat(part(parse(without), 1)).contains("<p>Skin: </p>");
	}

	private static MimeMessage parse(ComposedEmail email) throws Exception {
		return new MimeMessage(Session.getInstance(new Properties()),
				new ByteArrayInputStream(email.mime().getBytes(StandardCharsets.US_ASCII)));
	}

	private static String part(MimeMessage message, int index) throws Exception {
		return ((String) ((MimeMultipart) message.getContent()).getBodyPart(index).getContent()).replace("\r\n", "\n");
	}

}
