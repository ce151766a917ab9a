package dev.glowletter.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.glowletter.GlowletterProperties;
import dev.glowletter.rendering.internal.EmailTemplates;
import dev.glowletter.rendering.internal.RenderingProperties;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every reader mail in every language the list can speak, rendered with the application's
 * message source, each language held to its own bundle (a key it lacks fails, rather than
 * falling back to English); and every reader page of a list in French (one context of its
 * own; German has {@link GermanReaderIntegrationTest}).
 */
@TestPropertySource(properties = { "glowletter.test.context=lang-fr", "glowletter.list.locale=fr" })
class ReaderLanguagesIntegrationTest extends ReaderFixtures {

	/** Every reader mail, in HTML and in plain text. */
	private static final List<String> MAILS = List.of("confirm", "welcome", "already-subscribed", "goodbye",
			"data-export", "confirm-address", "address-changed");

	@Autowired
	MessageSource messages;

	@Autowired
	GlowletterProperties properties;

	@Autowired
	RenderingProperties rendering;

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "en|Confirm my subscription|Welcome to", "de|Abonnement bestätigen|Willkommen bei",
					"fr|Confirmer mon abonnement|Bienvenue dans",
					"es|Confirmar mi suscripción|Te damos la bienvenida a" })
	void everyReaderMailRendersInEveryLanguage(String language, String confirmButton, String welcome)
			throws IOException {
		Properties own = bundle(language);
		Set<String> asked = new TreeSet<>();
		EmailTemplates templates = new EmailTemplates(rendering, strict(own, asked), Locale.forLanguageTag(language));
		for (String mail : MAILS) {
			for (boolean named : List.of(true, false)) {
				String html = templates.render(mail + ".ftlh", model(named));
				String text = templates.render(mail + ".ftl", model(named));
				assertThat(html).as(mail).contains("<html lang=\"" + language + "\"");
				for (String output : List.of(html, text)) {
					assertThat(output).as(mail).doesNotContain("???");
					assertNoKey(output, mail);
				}
			}
		}
		assertThat(templates.render("confirm.ftlh", model(true))).contains(confirmButton);
		assertThat(templates.render("welcome.ftl", model(false))).contains(welcome + " Glowlist");
		assertThat(asked).as("the mails use the bundle").contains("mail.confirm.button", "mail.footer.asked");
	}

	@Test
	void aKeyALanguageLacksFailsTheMailRatherThanFallingBackToEnglish() throws IOException {
		Properties lacking = bundle("fr");
		lacking.remove("mail.confirm.button");
		EmailTemplates templates = new EmailTemplates(rendering, strict(lacking, new TreeSet<>()), Locale.FRENCH);

		assertThatThrownBy(() -> templates.render("confirm.ftlh", model(true)))
			.hasStackTraceContaining("mail.confirm.button");
		assertThatThrownBy(() -> messages.getMessage("no.such.key", null, Locale.FRENCH))
			.as("useCodeAsDefaultMessage=false")
			.isInstanceOf(NoSuchMessageException.class);
	}

	@Test
	void everyReaderPageOfAFrenchListIsFrench() throws Exception {
		assertFrench(page(get("/"), 200), "S’abonner");
		assertFrench(page(get("/embed"), 200), "Intégrer le formulaire");
		assertFrench(page(post("/subscribe").with(csrf()).with(freshIp()).param("email", "nope"), 400),
				"Veuillez vérifier le formulaire", "Veuillez cocher la case");
		assertFrench(page(get("/check-your-inbox"), 200), "Consultez votre boîte de réception");
		// the public archive, with nothing published yet
		assertFrench(page(get("/archive"), 200), "Anciens numéros de", "Aucun numéro n’est encore publié ici");

		String email = newAddress("lectrice");
		signUp(email, "Céline").andExpect(status().is3xxRedirection());
		MimeMessage confirmMail = awaitMails(email, 1).get(0);
		assertThat(confirmMail.getSubject()).startsWith("Confirmez votre abonnement à ");
		String confirm = ReaderPathIntegrationTest.link(confirmMail, "/confirm/");
		assertFrench(page(get(confirm), 200), "Plus qu’une étape", "Oui, je m’abonne");
		assertFrench(page(post(confirm), 200), "Vous êtes abonné");
		assertFrench(page(get("/confirm/not-a-token"), 404), "Ce lien de confirmation ne fonctionne plus");

		MimeMessage welcomeMail = awaitMails(email, 2).get(1);
		assertThat(welcomeMail.getSubject()).startsWith("Bienvenue dans ");
		assertThat(GreenMailUtil.getBody(welcomeMail).replace("=\r\n", "")).contains("lang=3D\"fr\"");
		String preferences = ReaderPathIntegrationTest.link(welcomeMail, "/preferences/");
		String unsubscribe = ReaderPathIntegrationTest.link(welcomeMail, "/unsubscribe/");

		assertFrench(page(get(preferences), 200), "Vos préférences", "Enregistrer mes préférences");
		assertFrench(page(post(preferences).param("frequency", "never"), 400), "Veuillez choisir à quelle fréquence");
		String paused = page(post(preferences + "/pause").param("days", "30"), 200);
		assertFrench(paused, "La newsletter est en pause");
		// the date as French readers write it ("29 décembre 2026")
		assertThat(paused).containsPattern("jusqu’au <strong>\\d{1,2} [a-zéû]+ \\d{4}</strong>");
		assertFrench(page(post(unsubscribe + "/export"), 200), "Vos données sont en route");
		int status = 200;
		for (int i = 0; i < 5 && status == 200; i++) {
			status = mvc.perform(post(unsubscribe + "/export")).andReturn().getResponse().getStatus();
		}
		assertThat(status).as("the data is mailed a few times an hour at most").isEqualTo(429);
		assertFrench(page(post(unsubscribe + "/export"), 429), "Merci de patienter un peu",
				"Vos données vous ont déjà été envoyées plusieurs fois");

		String moved = newAddress("demenagee");
		assertFrench(page(post(preferences + "/address").with(freshIp()).param("email", moved), 200),
				"nous lui avons envoyé un lien");
		String change = ReaderPathIntegrationTest.link(awaitMails(moved, 1).get(0), "/preferences/address/");
		assertFrench(page(get(change), 200), "Confirmez votre nouvelle adresse");
		assertFrench(page(post(change), 200), "C’est fait.");
		assertFrench(page(post("/preferences/address/not-a-token"), 404), "Ce lien ne fonctionne plus");

		assertFrench(page(get(unsubscribe), 200), "Pourquoi partez-vous");
		assertFrench(page(post(unsubscribe).param("reason", "Other"), 200), "Vous êtes désabonné");
		assertFrench(page(get("/unsubscribe/not-a-token"), 404), "Nous ne connaissons pas ce lien");
		// the error page, as the server's error dispatch asks for it
		assertFrench(
				page(get("/error").accept(MediaType.TEXT_HTML)
					.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404)
					.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/no-such-page"), 404),
				"Nous n’avons pas trouvé cette page");
	}

	private String page(MockHttpServletRequestBuilder request, int status) throws Exception {
		ResultActions result = mvc.perform(request);
		return result.andExpect(status().is(status)).andReturn().getResponse().getContentAsString();
	}

	private static void assertFrench(String html, String... phrases) throws IOException {
		assertThat(html).contains("<html lang=\"fr\">").contains(phrases).doesNotContain("???");
		assertNoKey(html, html.substring(html.indexOf("<title>"), html.indexOf("</title>")));
	}

	/** No raw key of the bundle in the output, as a missing message would leave it. */
	private static void assertNoKey(String output, String what) throws IOException {
		for (String key : bundle("en").stringPropertyNames()) {
			assertThat(output).as(what + ": " + key).doesNotContain(key);
		}
	}

	private Map<String, Object> model(boolean named) {
		Map<String, Object> subscriber = new HashMap<>();
		subscriber.put("email", "reader@example.org");
		if (named) {
			subscriber.put("firstName", "Rosa");
		}
		subscriber.put("fields", Map.of());
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("subscriber", subscriber);
		model.put("list", new GlowletterProperties.MailingList("Glowlist", null, null));
		model.put("sender", properties.sender());
		model.put("baseUrl", "https://news.example");
		model.put("confirmUrl", "https://news.example/confirm/t");
		model.put("validHours", Duration.ofHours(48).toHours());
		model.put("newEmail", "new@example.org");
		model.put("oldEmail", "old@example.org");
		model.put("newEmailMasked", "n…@example.org");
		if (named) {
			// with the way out, as the mails to a subscribed reader have it
			model.put("unsubscribeUrl", "https://news.example/unsubscribe/t");
			model.put("preferencesUrl", "https://news.example/preferences/t");
		}
		return model;
	}

	/**
	 * The application's messages, but only those in the language's own bundle: a key it
	 * lacks throws instead of falling back to English. Notes each key asked for.
	 */
	private MessageSource strict(Properties own, Set<String> asked) {
		return new MessageSource() {

			@Override
			public String getMessage(String code, Object[] args, String defaultMessage, Locale locale) {
				throw new UnsupportedOperationException("no defaults: " + code);
			}

			@Override
			public String getMessage(String code, Object[] args, Locale locale) {
				asked.add(code);
				if (!own.containsKey(code)) {
					throw new NoSuchMessageException(code, locale);
				}
				return messages.getMessage(code, args, locale);
			}

			@Override
			public String getMessage(MessageSourceResolvable resolvable, Locale locale) {
				throw new UnsupportedOperationException();
			}

		};
	}

	private static Properties bundle(String language) throws IOException {
		String resource = "messages/reader" + ("en".equals(language) ? "" : "_" + language) + ".properties";
		Properties properties = new Properties();
		try (InputStream in = ReaderLanguagesIntegrationTest.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
