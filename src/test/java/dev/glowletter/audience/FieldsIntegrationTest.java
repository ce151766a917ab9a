package dev.glowletter.audience;

import static dev.glowletter.AdminApi.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.rendering.SignedLinks;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Custom fields through the admin API: defined, changed and deleted (with every reader's
 * value), and a reader's values set and read; every bad input a 400 naming it, a taken
 * key a 409, and nothing stored half-way.
 */
// a database of its own: its campaigns go to every confirmed reader it holds, and a
// required
// field on the sign-up form would refuse other classes' sign-ups
@TestPropertySource(properties = "glowletter.test.context=fields")
class FieldsIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Autowired
	SignedLinks links;

	@Autowired
	Fields fields;

	@AfterEach
	void deleteTheFields() {
		// through the service, which forgets the fields it keeps for sign-ups
		fields.list().forEach(field -> fields.delete(field.id()));
	}

	@Test
	void theAdminDefinesAFieldOfEachKindAndATakenKeyIsAConflict() throws Exception {
		String key = uniqueKey("skinType");
		long id = create(Map.of("key", key, "label", "Skin type", "kind", "choice", "choices",
				List.of("Dry", "Oily", "Combination"), "required", true, "onSignup", true));
		mvc.perform(get("/api/fields/" + id).with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.key").value(key))
			.andExpect(jsonPath("$.kind").value("CHOICE"))
			.andExpect(jsonPath("$.choices[1]").value("Oily"))
			.andExpect(jsonPath("$.required").value(true))
			.andExpect(jsonPath("$.onSignup").value(true));
		create(Map.of("key", uniqueKey("age"), "label", "Age", "kind", "NUMBER"));
		create(Map.of("key", uniqueKey("birthday"), "label", "Birthday", "kind", "DATE"));
		long text = create(Map.of("key", uniqueKey("favourite"), "label", "Favourite product", "kind", "TEXT"));
		mvc.perform(get("/api/fields/" + text).with(admin())).andExpect(jsonPath("$.maxLength").value(100));

		send(post("/api/fields"), Map.of("key", key, "label", "Again", "kind", "TEXT")).andExpect(status().isConflict())
			.andExpect(jsonPath("$.errors.key").exists());
		mvc.perform(get("/api/fields")).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/fields/987654").with(admin())).andExpect(status().isNotFound());
	}

	@Test
	void aBadDefinitionIsRefusedNamingEachWrongInputAndNothingIsStored() throws Exception {
		int before = fieldCount();
		send(post("/api/fields"), Map.of("key", "Skin type", "label", "", "kind", "colour", "maxLength", 5))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.key").exists())
			.andExpect(jsonPath("$.errors.label").exists())
			.andExpect(jsonPath("$.errors.kind").exists());
		send(post("/api/fields"), Map.of("key", uniqueKey("t"), "label", "Long", "kind", "TEXT", "maxLength", 501))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.maxLength").exists());
		send(post("/api/fields"), Map.of("key", uniqueKey("c"), "label", "No choices", "kind", "CHOICE"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.choices").exists());
		send(post("/api/fields"),
				Map.of("key", uniqueKey("n"), "label", "Number", "kind", "NUMBER", "choices", List.of("a")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.choices").exists());
		assertThat(fieldCount()).isEqualTo(before);
	}

	@Test
	void aFieldChangesButNotItsKeyOrKindNorAChoiceAReaderHolds() throws Exception {
		String key = uniqueKey("hairType");
		long id = create(
				Map.of("key", key, "label", "Hair", "kind", "CHOICE", "choices", List.of("Curly", "Straight")));
		long reader = Readers.confirmed(jdbc, key + "@example.com", null);
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(key, "curly")).andExpect(status().isOk())
			.andExpect(jsonPath("$." + key).value("Curly"));

		send(put("/api/fields/" + id), Map.of("label", "Hair type", "choices", List.of("Curly", "Straight", "Wavy")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.label").value("Hair type"))
			.andExpect(jsonPath("$.key").value(key));
		send(put("/api/fields/" + id), Map.of("label", "Hair type", "choices", List.of("Straight")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.choices").exists());
		send(put("/api/fields/" + id), Map.of("key", "other", "label", "Hair", "kind", "TEXT"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.key").exists())
			.andExpect(jsonPath("$.errors.kind").exists());
		mvc.perform(get("/api/fields/" + id).with(admin())).andExpect(jsonPath("$.choices.length()").value(3));
	}

	@Test
	void aReadersValuesAreCheckedAgainstTheirFieldsAndABadOneStoresNothing() throws Exception {
		String age = uniqueKey("age");
		String since = uniqueKey("since");
		String note = uniqueKey("note");
		create(Map.of("key", age, "label", "Age", "kind", "NUMBER"));
		create(Map.of("key", since, "label", "Reader since", "kind", "DATE"));
		create(Map.of("key", note, "label", "Note", "kind", "TEXT", "maxLength", 5));
		long reader = Readers.confirmed(jdbc, age + "@example.com", null);

		send(put("/api/subscribers/" + reader + "/fields"), Map.of(age, 42.50, since, "2024-02-29", note, "hi"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$." + age).value("42.5"))
			.andExpect(jsonPath("$." + since).value("2024-02-29"));
		send(put("/api/subscribers/" + reader + "/fields"),
				Map.of(age, "forty", since, "2023-02-29", note, "too long", "noSuchField", "x"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors['fields." + age + "']").exists())
			.andExpect(jsonPath("$.errors['fields." + since + "']").exists())
			.andExpect(jsonPath("$.errors['fields." + note + "']").exists())
			.andExpect(jsonPath("$.errors.fields").value("There is no field \u201cnoSuchField\u201d."));
		mvc.perform(get("/api/subscribers/" + reader + "/fields").with(admin()))
			.andExpect(jsonPath("$." + age).value("42.5"))
			.andExpect(jsonPath("$." + note).value("hi"));
		// each value in the column of its kind, for segments to compare
		assertThat(jdbc.sql("""
				SELECT sf.number_value FROM subscriber_field sf JOIN field f ON f.id = sf.field_id
				WHERE sf.subscriber_id = ? AND f.field_key = ?""").params(reader, age).query(Double.class).single())
			.isEqualTo(42.5);
		mvc.perform(get("/api/subscribers/987654/fields").with(admin())).andExpect(status().isNotFound());
	}

	@Test
	void deletingAFieldTakesEveryReadersValueOfItAlong() throws Exception {
		String key = uniqueKey("gone");
		long id = create(Map.of("key", key, "label", "Gone", "kind", "TEXT"));
		long reader = Readers.confirmed(jdbc, key + "@example.com", null);
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(key, "value")).andExpect(status().isOk());

		mvc.perform(delete("/api/fields/" + id).with(admin())).andExpect(status().isNoContent());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber_field WHERE field_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).isZero();
		mvc.perform(delete("/api/fields/" + id).with(admin())).andExpect(status().isNotFound());
	}

	@Test
	void theJsonSignUpTakesTheValuesOfTheFormsFieldsAndRefusesOthersWithNothingStored() throws Exception {
		String skin = uniqueKey("skinType");
		String hidden = uniqueKey("score");
		create(Map.of("key", skin, "label", "Skin type", "kind", "CHOICE", "choices", List.of("Dry", "Oily"),
				"required", true, "onSignup", true));
		create(Map.of("key", hidden, "label", "Score", "kind", "NUMBER"));

		signUp("json.fields@example.com", Map.of(skin, "oily")).andExpect(status().isAccepted());
		assertThat(valuesOf("json.fields@example.com")).containsExactly(Map.entry(skin, "Oily"));

		signUp("json.unknown@example.com", Map.of(skin, "Dry", "noSuchField", "x", hidden, 3))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.fields").value(containsString("noSuchField")))
			// a field the form does not show is no field to the public
			.andExpect(jsonPath("$.errors.fields").value(containsString(hidden)));
		signUp("json.wrong@example.com", Map.of(skin, "Greasy")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors['fields." + skin + "']").value("Skin type: Choose one of: Dry, Oily."));
		signUp("json.missing@example.com", Map.of()).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors['fields." + skin + "']").value("Skin type is required."));
		signUp("json.list@example.com", Map.of(skin, List.of("Dry"))).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors['fields." + skin + "']").exists());
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email LIKE 'json.%' AND email <> ?")
			.param("json.fields@example.com")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void theSignUpPageShowsTheFormsFieldsAndShowsABadValueAgainMarkedAndEscaped() throws Exception {
		String skin = uniqueKey("skinType");
		String note = uniqueKey("note");
		create(Map.of("key", skin, "label", "Skin type", "kind", "CHOICE", "choices", List.of("Dry", "Oily"),
				"onSignup", true));
		create(Map.of("key", note, "label", "Favourite product", "kind", "TEXT", "maxLength", 10, "onSignup", true));
		mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(
					content().string(containsString("<select id=\"field-" + skin + "\" name=\"fields[" + skin + "]\"")))
			.andExpect(content().string(containsString("<option>Oily</option>")))
			.andExpect(
					content().string(containsString("name=\"fields[" + note + "]\" type=\"text\" maxlength=\"10\"")));
		mvc.perform(get("/embed")).andExpect(content().string(containsString("fields[" + skin + "]")));

		mvc.perform(post("/subscribe").with(csrf())
			.param("email", "form.fields@example.com")
			.param("consent", "true")
			.param("fields[" + skin + "]", "Oily")
			.param("fields[" + note + "]", "<script>alert(1)</script>"))
			.andExpect(status().isBadRequest())
			.andExpect(content()
				.string(containsString("aria-invalid=\"true\" aria-describedby=\"field-" + note + "-error\"")))
			.andExpect(content().string(containsString("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"")))
			.andExpect(content().string(containsString("<option selected>Oily</option>")))
			.andExpect(content().string(not(containsString("<script>alert"))));
		mvc.perform(post("/subscribe/embed").param("email", "embed.fields@example.com")
			.param("consent", "true")
			.param("fields[" + skin + "]", "Dry")
			.param("fields[" + note + "]", "Serum")).andExpect(status().is3xxRedirection());
		assertThat(valuesOf("embed.fields@example.com")).containsExactly(Map.entry(skin, "Dry"),
				Map.entry(note, "Serum"));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email = 'form.fields@example.com'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void aConfirmedReadersValuesDoNotChangeFromASignUpFormAnyoneCanFillIn() throws Exception {
		String skin = uniqueKey("skinType");
		create(Map.of("key", skin, "label", "Skin type", "kind", "CHOICE", "choices", List.of("Dry", "Oily"),
				"onSignup", true));
		long reader = Readers.confirmed(jdbc, "settled.fields@example.com", null);
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(skin, "Dry")).andExpect(status().isOk());

		signUp("settled.fields@example.com", Map.of(skin, "Oily")).andExpect(status().isAccepted());
		assertThat(valuesOf("settled.fields@example.com")).containsExactly(Map.entry(skin, "Dry"));
	}

	@Test
	void aCampaignReadsEachReadersFieldsWithEveryValueEscaped() throws Exception {
		String skin = uniqueKey("skinType");
		create(Map.of("key", skin, "label", "Skin type", "kind", "TEXT"));
		long oily = Readers.confirmed(jdbc, "oily.reader@example.com", "Olive");
		long script = Readers.confirmed(jdbc, "script.reader@example.com", null);
		Readers.confirmed(jdbc, "valueless.reader@example.com", null);
		send(put("/api/subscribers/" + oily + "/fields"), Map.of(skin, "Oily")).andExpect(status().isOk());
		send(put("/api/subscribers/" + script + "/fields"), Map.of(skin, "<script>alert(1)</script>"))
			.andExpect(status().isOk());

		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Tips for ${subscriber.fields." + skin + "} skin",
				"articleIds", List.of(CampaignsApi.article(mvc, "Fields explained " + skin))));
		CampaignsApi.sendNow(mvc, jdbc, context, campaign);

		assertThat(awaitMails("oily.reader@example.com", 1).get(0).getSubject()).isEqualTo("Tips for Oily skin");
		MimeMessage scripted = awaitMails("script.reader@example.com", 1).get(0);
		assertThat(scripted.getSubject()).isEqualTo("Tips for <script>alert(1)</script> skin");
		String html = html(scripted);
		assertThat(html).contains("Tips for &lt;script&gt;alert(1)&lt;/script&gt; skin")
			.doesNotContain("<script>alert");
		assertThat(awaitMails("valueless.reader@example.com", 1).get(0).getSubject()).isEqualTo("Tips for  skin");
	}

	@Test
	void aReaderChangesTheFormsFieldsOnTheirPreferencePageAndABadValueIsMarkedWithNothingStored() throws Exception {
		String skin = uniqueKey("skinType");
		String internal = uniqueKey("vip");
		create(Map.of("key", skin, "label", "Skin type", "kind", "CHOICE", "choices", List.of("Dry", "Oily"),
				"onSignup", true));
		create(Map.of("key", internal, "label", "VIP", "kind", "TEXT"));
		long reader = Readers.confirmed(jdbc, "prefs.fields@example.com", null);
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(skin, "Dry", internal, "yes"))
			.andExpect(status().isOk());
		String unsubscribe = links.unsubscribeUrl(reader, 1);
		String page = unsubscribe.substring(unsubscribe.indexOf("/unsubscribe/"))
			.replace("/unsubscribe/", "/preferences/");

		// the reader sees and changes the fields the sign-up form shows, not the admin's
		// own
		mvc.perform(get(page))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("name=\"fields[" + skin + "]\"")))
			.andExpect(content().string(containsString("<option selected>Dry</option>")))
			.andExpect(content().string(not(containsString("fields[" + internal + "]"))));
		mvc.perform(post(page).param("frequency", "EVERY").param("fields[" + skin + "]", "Oily"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<option selected>Oily</option>")));
		assertThat(valuesOf("prefs.fields@example.com")).containsExactly(Map.entry(skin, "Oily"),
				Map.entry(internal, "yes"));
		assertThat(jdbc
			.sql("SELECT detail FROM subscriber_event WHERE subscriber_id = ? AND type = " + "'PREFERENCES_CHANGED'")
			.param(reader)
			.query(String.class)
			.list()).contains("changed: Skin type");

		// not a choice, or a field the page does not show: marked, escaped, nothing
		// stored
		mvc.perform(post(page).param("fields[" + skin + "]", "<b>Greasy</b>").param("firstName", "Ines"))
			.andExpect(status().isBadRequest())
			.andExpect(content()
				.string(containsString("aria-invalid=\"true\" aria-describedby=\"field-" + skin + "-error\"")))
			.andExpect(content().string(not(containsString("<b>Greasy</b>"))));
		mvc.perform(post(page).param("fields[" + internal + "]", "no")).andExpect(status().isBadRequest());
		assertThat(valuesOf("prefs.fields@example.com")).containsExactly(Map.entry(skin, "Oily"),
				Map.entry(internal, "yes"));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE id = ? AND first_name IS NULL")
			.param(reader)
			.query(Integer.class)
			.single()).isOne();
	}

	@Test
	void aPreviewAsAReaderShowsTheirFieldValuesEscaped() throws Exception {
		String skin = uniqueKey("skinType");
		create(Map.of("key", skin, "label", "Skin type", "kind", "TEXT"));
		long reader = Readers.confirmed(jdbc, "previewed.fields@example.com", null);
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(skin, "<i>Oily</i>")).andExpect(status().isOk());
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Tips for ${subscriber.fields." + skin + "} skin",
				"articleIds", List.of(CampaignsApi.article(mvc, "Previewed " + skin))));

		send(post("/api/campaigns/" + campaign + "/preview"), Map.of("subscriberId", reader)).andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("Tips for <i>Oily</i> skin"))
			.andExpect(jsonPath("$.html").value(containsString("Tips for &lt;i&gt;Oily&lt;/i&gt; skin")))
			.andExpect(jsonPath("$.html").value(not(containsString("<i>Oily"))));
		send(post("/api/campaigns/" + campaign + "/preview"), Map.of()).andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("Tips for  skin"));
	}

	@Test
	void theReadersOwnDataExportCarriesTheirFieldValues() throws Exception {
		String skin = uniqueKey("skinType");
		create(Map.of("key", skin, "label", "Skin type", "kind", "CHOICE", "choices", List.of("Dry", "Oily")));
		long reader = Readers.confirmed(jdbc, "exports.fields@example.com", null);
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(skin, "Dry")).andExpect(status().isOk());

		String unsubscribe = links.unsubscribeUrl(reader, 1);
		mvc.perform(post(unsubscribe.substring(unsubscribe.indexOf("/unsubscribe/")) + "/export"))
			.andExpect(status().isOk());
		MimeMessage export = awaitMails("exports.fields@example.com", 1).get(0);
		MimeMultipart parts = (MimeMultipart) export.getContent();
		String json = new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(JSON.readTree(json).get("profile").get("fields").get(skin).asString()).isEqualTo("Dry");
	}

	@Test
	void theFieldsPageAddsAFieldAndShowsAMistakeNextToItsInput() throws Exception {
		String key = uniqueKey("page");
		mvc.perform(post("/admin/fields").with(admin())
			.with(csrf())
			.param("label", "Skin type")
			.param("key", key)
			.param("kind", "CHOICE")
			.param("choices", "Dry\r\nOily")
			.param("onSignup", "true")).andExpect(status().is3xxRedirection());
		mvc.perform(get("/admin/fields").with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("<code>" + key + "</code>")))
			.andExpect(content().string(containsString("Dry, Oily")));

		mvc.perform(post("/admin/fields").with(admin())
			.with(csrf())
			.param("label", "<b>Bold</b>")
			.param("key", "Not a key")
			.param("kind", "TEXT"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("aria-describedby=\"key-error\"")))
			.andExpect(content().string(containsString("value=\"&lt;b&gt;Bold&lt;/b&gt;\"")));
		mvc.perform(post("/admin/fields").with(admin()).param("label", "No token").param("key", uniqueKey("x")))
			.andExpect(status().isForbidden());
	}

	@Test
	void deletingAFieldFromThePageFirstSaysWhatGoesWithIt() throws Exception {
		String key = uniqueKey("doomed");
		long id = create(Map.of("key", key, "label", "Doomed", "kind", "TEXT"));
		long reader = Readers.confirmed(jdbc, key + "@example.com", null);
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(key, "x")).andExpect(status().isOk());

		mvc.perform(get("/admin/fields/" + id + "/delete").with(admin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("1 reader have a value of it")));
		assertThat(fieldCount()).isEqualTo(1);
		mvc.perform(post("/admin/fields/" + id + "/delete").with(admin()).with(csrf()))
			.andExpect(status().is3xxRedirection());
		assertThat(fieldCount()).isZero();
	}

	@Test
	void theReadersAdminPageShowsTheirValuesEscaped() throws Exception {
		String key = uniqueKey("note");
		create(Map.of("key", key, "label", "Note", "kind", "TEXT"));
		long reader = Readers.confirmed(jdbc, key + "@example.com", null);
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(key, "<script>alert(1)</script>"))
			.andExpect(status().isOk());

		mvc.perform(get("/admin/subscribers/" + reader).with(admin()))
			.andExpect(content()
				.string(containsString("<dd id=\"field-" + key + "\">&lt;script&gt;alert(1)&lt;/script&gt;</dd>")))
			.andExpect(content().string(not(containsString("<script>alert"))));
	}

	@Test
	void anImportMapsColumnsToFieldsAndABadRowIsReportedWithNothingOfItStored() throws Exception {
		String skin = uniqueKey("skinType");
		String age = uniqueKey("age");
		create(Map.of("key", skin, "label", "Skin type", "kind", "CHOICE", "choices", List.of("Dry", "Oily"),
				"required", true));
		create(Map.of("key", age, "label", "Age", "kind", "NUMBER"));
		String csv = """
				email,skin,age
				ida.import@example.com,oily,31
				bad.choice@example.com,Greasy,40
				no.skin@example.com,,22
				bad.age@example.com,Dry,old
				joy.import@example.com,Dry,
				""";

		mvc.perform(post("/api/subscribers/import").with(admin())
			.contentType("text/csv")
			.param("consentHeld", "true")
			.param("field." + skin, "1")
			.param("field." + age, "2")
			.content(csv))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.imported").value(2))
			.andExpect(jsonPath("$.invalid").value(3))
			.andExpect(jsonPath("$.invalidRows[0].line").value(3))
			.andExpect(jsonPath("$.invalidRows[0].reason").value("Skin type: Choose one of: Dry, Oily."))
			.andExpect(jsonPath("$.invalidRows[1].reason").value("Skin type is required."))
			.andExpect(jsonPath("$.invalidRows[2].line").value(5));
		assertThat(valuesOf("ida.import@example.com")).containsExactly(Map.entry(skin, "Oily"), Map.entry(age, "31"));
		assertThat(valuesOf("joy.import@example.com")).containsExactly(Map.entry(skin, "Dry"));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber WHERE email LIKE 'bad.%' OR email LIKE 'no.skin%'")
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void theCsvExportCarriesEachReadersTopicsAndFieldValues() throws Exception {
		String skin = uniqueKey("skinType");
		create(Map.of("key", skin, "label", "Skin type", "kind", "TEXT"));
		String topic = "Export topic " + skin;
		long topicId = JSON
			.readTree(send(post("/api/topics"), Map.of("name", topic)).andReturn().getResponse().getContentAsString())
			.get("id")
			.asLong();
		long reader = Readers.confirmed(jdbc, "exported.fields@example.com", "Exa");
		jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)")
			.params(reader, topicId)
			.update();
		send(put("/api/subscribers/" + reader + "/fields"), Map.of(skin, "=1+1 \"oily\"")).andExpect(status().isOk());

		String export = mvc.perform(get("/api/subscribers/export").with(admin()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(export)
			.startsWith("email,first_name,status,created_at,confirmed_at,unsubscribed_at,topics," + skin + "\r\n");
		String row = export.lines().filter(l -> l.startsWith("exported.fields@example.com")).findFirst().orElseThrow();
		// a value a spreadsheet would run as a formula is quoted with an apostrophe
		assertThat(row).endsWith("," + topic + ",\"'=1+1 \"\"oily\"\"\"");
	}

	@Test
	void aFieldMadeHereIsCheckedAtTheNextSignUpAndOneMadeByAnotherInstanceWithinSeconds() throws Exception {
		signUp("before.fields@example.com", Map.of()).andExpect(status().isAccepted());
		String here = uniqueKey("here");
		create(Map.of("key", here, "label", "Here", "kind", "text", "required", true, "onSignup", true));
		signUp("here.fields@example.com", Map.of()).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors['fields." + here + "']").exists());
		signUp("here.fields@example.com", Map.of(here, "x")).andExpect(status().isAccepted());

		// another instance's field: a row this one did not write
		String elsewhere = uniqueKey("elsewhere");
		jdbc.sql("INSERT INTO field (field_key, label, kind, required, on_signup, position, created_at) "
				+ "VALUES (?, 'Elsewhere', 'TEXT', TRUE, TRUE, 9, ?)")
			.params(elsewhere, Instant.now().atOffset(ZoneOffset.UTC))
			.update();
		Awaitility.await()
			.atMost(Duration.ofSeconds(2).plus(Fields.KEPT))
			.untilAsserted(
					() -> signUp("elsewhere.fields@example.com", Map.of(here, "x")).andExpect(status().isBadRequest())
						.andExpect(jsonPath("$.errors['fields." + elsewhere + "']").exists()));
	}

	// --- helpers ---

	private static String html(MimeMessage message) throws Exception {
		MimeMultipart parts = (MimeMultipart) message.getContent();
		return ((String) parts.getBodyPart(1).getContent());
	}

	private ResultActions signUp(String email, Map<String, Object> fields) throws Exception {
		return mvc.perform(post("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(Map.of("email", email, "consent", true, "fields", fields))));
	}

	private Map<String, String> valuesOf(String email) throws Exception {
		Long id = jdbc.sql("SELECT id FROM subscriber WHERE email = ?").param(email).query(Long.class).single();
		Map<String, String> values = new LinkedHashMap<>();
		JSON.readTree(mvc.perform(get("/api/subscribers/" + id + "/fields").with(admin()))
			.andReturn()
			.getResponse()
			.getContentAsString()).properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
		return values;
	}

	static String uniqueKey(String prefix) {
		return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
	}

	private long create(Map<String, Object> field) throws Exception {
		return JSON
			.readTree(send(post("/api/fields"), field).andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("id")
			.asLong();
	}

	private ResultActions send(MockHttpServletRequestBuilder request, Map<String, ?> body) throws Exception {
		return mvc.perform(
				request.with(admin()).contentType(MediaType.APPLICATION_JSON).content(JSON.writeValueAsString(body)));
	}

	private int fieldCount() {
		return jdbc.sql("SELECT COUNT(*) FROM field").query(Integer.class).single();
	}

}
