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

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.glowletter.CampaignsApi;
import dev.glowletter.IntegrationTest;
import dev.glowletter.Readers;
import dev.glowletter.delivery.CampaignAudiences;
import dev.glowletter.delivery.ReaderCondition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segments (issue 15): saved filters over the readers, checked when saved (each wrong
 * kind, operator, field or value named), counted, compiled to SQL with every value bound,
 * and a campaign for a segment reaching exactly the readers who match when it is sent.
 * Each test counts only readers of a custom field of its own.
 */
// a database of its own: a campaign here goes to every confirmed reader it matches
@TestPropertySource(properties = "glowletter.subscription.purge-interval=25h")
class SegmentsIntegrationTest extends IntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ApplicationContext context;

	@Test
	void aSegmentOfTopicsAndAFieldCountsExactlyTheReadersWhoMatch() throws Exception {
		String skin = field("CHOICE", "dry\noily\ncombination");
		long hair = topic("Hair");
		long nails = topic("Nails");
		long dryHair = reader("dry.hair", Map.of(skin, "dry"), hair);
		reader("oily.hair", Map.of(skin, "oily"), hair);
		reader("dry.nails", Map.of(skin, "dry"), nails);
		reader("dry.nothing", Map.of(skin, "dry"));
		long combinationBoth = reader("combination.both", Map.of(skin, "combination"), hair, nails);

		Map<String, Object> filter = Map.of("match", "all", "conditions", List.of(
				Map.of("kind", "topics", "operator", "anyOf", "values", List.of(hair)),
				Map.of("kind", "field", "field", skin, "operator", "oneOf", "values", List.of("dry", "combination"))));
		assertThat(count(filter)).isEqualTo(2);
		long segment = create("Dry hair " + skin, filter);
		mvc.perform(get("/api/segments/" + segment + "/count").with(admin()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.readers").value(2));
		assertThat(matching(filter)).containsExactlyInAnyOrder(dryHair, combinationBoth);

		assertThat(
				count(Map.of("match", "any", "conditions",
						List.of(Map.of("kind", "field", "field", skin, "operator", "equals", "values", List.of("oily")),
								Map.of("kind", "topics", "operator", "anyOf", "values", List.of(nails))))))
			.isEqualTo(3);
		assertThat(
				count(Map.of("conditions",
						List.of(Map.of("kind", "field", "field", skin, "operator", "notEmpty"),
								Map.of("kind", "topics", "operator", "noneOf", "values", List.of(hair, nails))))))
			.isEqualTo(1);
	}

	@Test
	void everyKindOfConditionSelectsWhatItSays() throws Exception {
		String since = field("DATE", null);
		String size = field("NUMBER", null);
		long early = reader("early", Map.of(since, "2020-01-15", size, "3.5"));
		long late = reader("late", Map.of(since, "2024-06-01", size, "12"));
		long bouncy = reader("bouncy", Map.of(size, "1"));
		jdbc.sql("UPDATE subscriber SET created_at = ?, time_zone = 'Europe/Paris' WHERE id = ?")
			.params(LocalDate.of(2021, 3, 1).atStartOfDay().atOffset(ZoneOffset.UTC), early)
			.update();
		jdbc.sql("INSERT INTO consent (subscriber_id, given_at, source, consent_text, consent_text_version) "
				+ "VALUES (?, ?, 'IMPORT', 'Yes', '1')")
			.params(late, Instant.now().atOffset(ZoneOffset.UTC))
			.update();
		for (String send : List.of("c1", "c2", "c2")) {
			jdbc.sql("INSERT INTO bounce (subscriber_id, send_key, kind, source, occurred_at) "
					+ "VALUES (?, ?, 'SOFT', 'SMTP', ?)")
				.params(bouncy, send, Instant.now().atOffset(ZoneOffset.UTC))
				.update();
		}
		// each filter keeps to this test's readers: those with a value of its number
		// field
		Map<String, Object> ours = Map.of("kind", "field", "field", size, "operator", "notEmpty");

		assertThat(matchingAny(
				Map.of("kind", "field", "field", since, "operator", "before", "values", List.of("2021-01-01")),
				Map.of("kind", "field", "field", size, "operator", "greaterThan", "values", List.of(10))))
			.containsExactly(early, late);
		assertThat(matching(all(ours, Map.of("kind", "field", "field", since, "operator", "empty"))))
			.containsExactly(bouncy);
		assertThat(matching(
				all(ours, Map.of("kind", "field", "field", size, "operator", "lessThan", "values", List.of("3.5")))))
			.containsExactly(bouncy);
		assertThat(matching(
				all(ours, Map.of("kind", "field", "field", size, "operator", "equals", "values", List.of("3.5")))))
			.containsExactly(early);
		assertThat(matching(all(ours,
				Map.of("kind", "field", "field", since, "operator", "after", "values", List.of("2020-01-15")))))
			.containsExactly(late);
		assertThat(
				matching(all(ours, Map.of("kind", "signedUp", "operator", "before", "values", List.of("2021-03-02")))))
			.containsExactly(early);
		assertThat(
				matching(all(ours, Map.of("kind", "signedUp", "operator", "after", "values", List.of("2021-03-01")))))
			.containsExactly(late, bouncy);
		assertThat(matching(all(ours, Map.of("kind", "source", "operator", "in", "values", List.of("import")))))
			.containsExactly(late);
		assertThat(matching(all(ours, Map.of("kind", "timeZone", "operator", "in", "values", List.of("Europe/Paris")))))
			.containsExactly(early);
		assertThat(matching(all(ours, Map.of("kind", "timeZone", "operator", "unknown")))).containsExactly(late,
				bouncy);
		assertThat(matching(all(ours, Map.of("kind", "softBounces", "operator", "atLeast", "values", List.of(2)))))
			.as("two distinct sends soft-bounced; the second one twice")
			.containsExactly(bouncy);
		assertThat(matching(all(ours, Map.of("kind", "softBounces", "operator", "atLeast", "values", List.of(3)))))
			.isEmpty();
		assertThat(matching(
				all(ours, Map.of("kind", "status", "operator", "in", "values", List.of("CONFIRMED", "PENDING")))))
			.containsExactly(early, late, bouncy);
		assertThat(matching(all(ours, Map.of("kind", "status", "operator", "in", "values", List.of("BOUNCED")))))
			.isEmpty();
	}

	@Test
	void badFiltersAreRefusedNamingWhatIsWrongWithNothingStored() throws Exception {
		String skin = field("CHOICE", "dry\noily");
		String age = field("NUMBER", null);
		int before = segments();
		String name = "Refused " + skin;

		problem(name,
				List.of(Map.of("kind", "field", "field", "noSuchField", "operator", "equals", "values", List.of("x"))))
			.andExpect(jsonPath("$.errors['filter.conditions[0].field']").value("There is no field \"noSuchField\"."));
		problem(name,
				List.of(Map.of("kind", "topics", "operator", "anyOf", "values", List.of(1)),
						Map.of("kind", "field", "field", skin, "operator", "like", "values", List.of("d%"))))
			.andExpect(jsonPath("$.errors['filter.conditions[1].operator']")
				.value("\"like\" is not an operator of a choice field: use equals, oneOf, empty, notEmpty."));
		problem(name,
				List.of(Map.of("kind", "field", "field", age, "operator", "greaterThan", "values", List.of("forty"))))
			.andExpect(jsonPath("$.errors['filter.conditions[0].values']").value("\"forty\" is not a number."));
		problem(name,
				List.of(Map.of("kind", "field", "field", skin, "operator", "equals", "values",
						List.of("x".repeat(501)))))
			.andExpect(jsonPath("$.errors['filter.conditions[0].values']")
				.value("A value of " + skin + " has at most 500 characters."));
		problem(name,
				List.of(Map.of("kind", "field", "field", skin, "operator", "equals", "values", List.of("normal"))))
			.andExpect(jsonPath("$.errors['filter.conditions[0].values']")
				.value("\"normal\" is not one of the choices of " + skin + ": [dry, oily]."));
		problem(name, List.of(Map.of("kind", "opens", "operator", "in", "values", List.of(1))))
			.andExpect(jsonPath("$.errors['filter.conditions[0].kind']").exists());
		problem(name, List.of(Map.of("kind", "topics", "operator", "anyOf", "values", List.of(987654)))).andExpect(
				jsonPath("$.errors['filter.conditions[0].values']").value("These topics do not exist: [987654]."));
		problem(name, List.of(Map.of("kind", "signedUp", "operator", "after", "values", List.of("yesterday"))))
			.andExpect(jsonPath("$.errors['filter.conditions[0].values']").exists());
		mvc.perform(post("/api/segments").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(Map.of("name", "", "filter", Map.of()))))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.name").exists());

		assertThat(segments()).isEqualTo(before);
		mvc.perform(get("/api/segments/987654").with(admin())).andExpect(status().isNotFound());
		mvc.perform(get("/api/segments")).andExpect(status().isUnauthorized());
	}

	/**
	 * Classic injection strings at every value and key: none changes the SQL, each is
	 * compared as the text it is, and the one reader whose value is that text is found.
	 */
	@Test
	void aFilterCannotInjectSql() throws Exception {
		String note = field("TEXT", null);
		List<String> attacks = List.of("x' OR '1'='1", "'; DROP TABLE subscriber; --", "1) OR (1=1", "\" OR \"\"=\"",
				"x'); DELETE FROM segment; --", "' UNION SELECT id FROM subscriber --");
		long literal = reader("literal", Map.of(note, attacks.get(0)));
		reader("plain", Map.of(note, "plain"));
		int readers = jdbc.sql("SELECT COUNT(*) FROM subscriber").query(Integer.class).single();
		Map<String, Object> ours = Map.of("kind", "field", "field", note, "operator", "notEmpty");

		for (String attack : attacks) {
			assertThat(matching(
					all(ours, Map.of("kind", "field", "field", note, "operator", "equals", "values", List.of(attack)))))
				.as(attack)
				.isEqualTo(attack.equals(attacks.get(0)) ? List.of(literal) : List.of());
			assertThat(matching(all(ours,
					Map.of("kind", "field", "field", note, "operator", "oneOf", "values", List.of(attack, "none")))))
				.as(attack)
				.isEqualTo(attack.equals(attacks.get(0)) ? List.of(literal) : List.of());
			for (Map<String, Object> condition : List.<Map<String, Object>>of(
					Map.of("kind", "field", "field", attack, "operator", "equals", "values", List.of("x")),
					Map.of("kind", attack, "operator", "in", "values", List.of("x")),
					Map.of("kind", "field", "field", note, "operator", attack, "values", List.of("x")),
					Map.of("kind", "status", "operator", "in", "values", List.of(attack)),
					Map.of("kind", "source", "operator", "in", "values", List.of(attack)),
					Map.of("kind", "topics", "operator", "anyOf", "values", List.of(attack)),
					Map.of("kind", "timeZone", "operator", "in", "values", List.of(attack)),
					Map.of("kind", "signedUp", "operator", "before", "values", List.of(attack)),
					Map.of("kind", "softBounces", "operator", "atLeast", "values", List.of(attack)))) {
				String answer = countRequest(Map.of("match", "all", "conditions", List.of(condition)))
					.andExpect(status().isBadRequest())
					.andReturn()
					.getResponse()
					.getContentAsString();
				assertThat(answer).as("not repeated back").doesNotContain(attack).doesNotContain("DROP");
			}
			countRequest(Map.of("match", attack, "conditions", List.of())).andExpect(status().isBadRequest());
		}
		assertThat(jdbc.sql("SELECT COUNT(*) FROM subscriber").query(Integer.class).single()).isEqualTo(readers);
		assertThat(jdbc
			.sql("SELECT COUNT(*) FROM subscriber_field sf JOIN field f ON f.id = sf.field_id "
					+ "WHERE f.field_key = ?")
			.param(note)
			.query(Integer.class)
			.single()).isEqualTo(2);
	}

	@Test
	void aCampaignForASegmentReachesExactlyItsReadersAtSendTime() throws Exception {
		String skin = field("CHOICE", "dry\noily");
		long hair = topic("Hair care");
		reader("seg.dry.hair", Map.of(skin, "dry"), hair);
		reader("seg.oily.hair", Map.of(skin, "oily"), hair);
		reader("seg.dry.none", Map.of(skin, "dry"));
		long later = reader("seg.later", Map.of(skin, "oily"), hair);
		long segment = create("Dry hair readers " + skin,
				all(Map.of("kind", "topics", "operator", "anyOf", "values", List.of(hair)),
						Map.of("kind", "field", "field", skin, "operator", "equals", "values", List.of("dry"))));
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "For dry hair", "articleIds",
				List.of(CampaignsApi.article(mvc, "Dry hair explained")), "segmentId", segment));
		mvc.perform(get("/api/campaigns/" + campaign).with(admin())).andExpect(jsonPath("$.segmentId").value(segment));
		// who matches is decided when the queue is filled, not when the campaign was
		// written
		jdbc.sql("UPDATE subscriber_field SET text_value = 'dry' WHERE subscriber_id = ?").param(later).update();

		CampaignsApi.sendNow(mvc, jdbc, context, campaign);

		assertThat(awaitMails("seg.dry.hair@example.com", 1)).hasSize(1);
		assertThat(awaitMails("seg.later@example.com", 1)).hasSize(1);
		assertThat(jdbc
			.sql("SELECT s.email FROM delivery d JOIN subscriber s ON s.id = d.subscriber_id "
					+ "WHERE d.campaign_id = ? ORDER BY s.email")
			.param(campaign)
			.query(String.class)
			.list()).containsExactly("seg.dry.hair@example.com", "seg.later@example.com");
		assertThat(mailsTo("seg.oily.hair@example.com")).isEmpty();
		assertThat(mailsTo("seg.dry.none@example.com")).isEmpty();
		mvc.perform(get("/admin/campaigns/" + campaign).with(admin()))
			.andExpect(content().string(containsString("Dry hair readers " + skin)));

		// a sent campaign does not hold its segment; an unsent one does
		long draft = CampaignsApi.campaign(mvc,
				Map.of("subject", "Draft for the segment", "intro", "Hello", "segmentId", segment));
		mvc.perform(delete("/api/segments/" + segment).with(admin())).andExpect(status().isConflict());
		mvc.perform(put("/api/campaigns/" + draft).with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"subject\": \"Draft for everyone\", \"intro\": \"Hello\"}")).andExpect(status().isOk());
		mvc.perform(delete("/api/segments/" + segment).with(admin())).andExpect(status().isNoContent());
		mvc.perform(get("/api/campaigns/" + campaign).with(admin())).andExpect(jsonPath("$.segmentId").isEmpty());
	}

	@Test
	void aCampaignIsForTopicsOrASegmentNotBothAndTheSegmentMustExist() throws Exception {
		long topic = topic("Either");
		long segment = create("Either " + UUID.randomUUID(), Map.of("conditions", List.of()));
		mvc.perform(post("/api/campaigns").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(
					Map.of("subject", "Both", "intro", "Hi", "topicIds", List.of(topic), "segmentId", segment))))
			.andExpect(status().isBadRequest())
			.andExpect(
					jsonPath("$.errors.segmentId").value("A campaign is for some topics or for a segment, not both."));
		mvc.perform(post("/api/campaigns").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"subject\": \"Nobody\", \"intro\": \"Hi\", \"segmentId\": 987654}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.segmentId").value("There is no segment 987654."));
		mvc.perform(post("/api/digests").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"Weekly\", \"cron\": \"0 9 * * MON\", \"timeZone\": \"UTC\", "
					+ "\"subjectPattern\": \"Digest {date}\", \"segmentId\": 987654}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors.segmentId").value("There is no segment 987654."));
	}

	@Test
	void aDigestsEditionsAreForItsSegment() throws Exception {
		long segment = create("Digest readers " + UUID.randomUUID(), Map.of("conditions",
				List.of(Map.of("kind", "status", "operator", "in", "values", List.of("CONFIRMED")))));
		CampaignsApi.article(mvc, "Fresh for the digest");
		long digest = JSON
			.readTree(mvc
				.perform(
						post("/api/digests").with(admin())
							.contentType(MediaType.APPLICATION_JSON)
							.content(JSON.writeValueAsString(Map.of("name", "For a segment", "cron", "0 9 * * MON",
									"timeZone", "UTC", "subjectPattern", "Digest {date}", "since",
									"2000-01-01T00:00:00Z", "segmentId", segment))))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.segmentId").value(segment))
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("id")
			.asLong();

		long edition = JSON
			.readTree(mvc.perform(post("/api/digests/" + digest + "/run").with(admin()))
				.andExpect(jsonPath("$.outcome").value("CREATED"))
				.andReturn()
				.getResponse()
				.getContentAsString())
			.get("campaignId")
			.asLong();
		mvc.perform(get("/api/campaigns/" + edition).with(admin())).andExpect(jsonPath("$.segmentId").value(segment));
		mvc.perform(delete("/api/segments/" + segment).with(admin())).andExpect(status().isConflict());
		// not sent here: the other tests count who gets what
		mvc.perform(post("/api/campaigns/" + edition + "/cancel").with(admin())).andExpect(status().isOk());
		mvc.perform(post("/api/digests/" + digest + "/disable").with(admin())).andExpect(status().isOk());
	}

	@Test
	void theSegmentsPageSavesConditionsMarksAWrongRowAndEscapesNames() throws Exception {
		String skin = field("CHOICE", "dry\noily");
		reader("page.dry", Map.of(skin, "dry"));
		String name = "<b>Dry</b> " + skin;

		mvc.perform(post("/admin/segments").with(admin())
			.with(csrf())
			.param("name", name)
			.param("match", "all")
			.param("kind-0", "field")
			.param("field-0", skin)
			.param("operator-0", "equals")
			.param("values-0", "normal")
			.param("kind-1", ""))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("aria-describedby=\"values-0-error\"")))
			.andExpect(content().string(containsString("is not one of the choices of " + skin)))
			.andExpect(content().string(containsString("value=\"&lt;b&gt;Dry&lt;/b&gt; " + skin + "\"")));
		assertThat(jdbc.sql("SELECT COUNT(*) FROM segment WHERE name = ?").param(name).query(Integer.class).single())
			.isZero();

		mvc.perform(post("/admin/segments/count").with(admin())
			.with(csrf())
			.param("kind-0", "field")
			.param("field-0", skin)
			.param("operator-0", "equals")
			.param("values-0", "dry")).andExpect(jsonPath("$.readers").value(1));
		String location = mvc
			.perform(post("/admin/segments").with(admin())
				.with(csrf())
				.param("name", name)
				.param("match", "all")
				.param("kind-0", "field")
				.param("field-0", skin)
				.param("operator-0", "equals")
				.param("values-0", "dry"))
			.andExpect(status().is3xxRedirection())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		mvc.perform(get(location).with(admin())).andExpect(content().string(containsString("1 reader matches now.")));
		mvc.perform(get("/admin/segments").with(admin()))
			.andExpect(content().string(containsString("&lt;b&gt;Dry&lt;/b&gt; " + skin)))
			.andExpect(content().string(not(containsString(name))));
		long segment = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
		mvc.perform(get("/admin/campaigns/new").with(admin()))
			.andExpect(content().string(containsString("<option value=\"" + segment + "\">")));
		mvc.perform(get("/admin/audience/count").with(admin())
			.param("target", "segment")
			.param("segmentId", Long.toString(segment)))
			.andExpect(jsonPath("$.text").value("1 reader would get it now."));
	}

	// --- helpers ---

	/** A custom field of a unique key, straight into its table (V16); returns the key. */
	private String field(String kind, String choices) {
		String key = "f" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		jdbc.sql("INSERT INTO field (field_key, label, kind, choices, created_at) VALUES (?, ?, ?, ?, ?)")
			.params(key, "Field " + key, kind, choices, Instant.now().atOffset(ZoneOffset.UTC))
			.update();
		return key;
	}

	private long topic(String name) {
		String unique = name + " " + UUID.randomUUID().toString().substring(0, 8);
		jdbc.sql("INSERT INTO topic (name, position, created_at) VALUES (?, 0, ?)")
			.params(unique, Instant.now().atOffset(ZoneOffset.UTC))
			.update();
		return jdbc.sql("SELECT id FROM topic WHERE name = ?").param(unique).query(Long.class).single();
	}

	/**
	 * A confirmed reader {@code <name>@example.com} with these field values (by key) and
	 * topics.
	 */
	private long reader(String name, Map<String, String> values, long... topics) {
		long id = Readers.confirmed(jdbc, name + "@example.com", null);
		values.forEach((key, value) -> {
			String kind = jdbc.sql("SELECT kind FROM field WHERE field_key = ?")
				.param(key)
				.query(String.class)
				.single();
			String column = switch (kind) {
				case "NUMBER" -> "number_value";
				case "DATE" -> "date_value";
				default -> "text_value";
			};
			Object typed = switch (kind) {
				case "NUMBER" -> new BigDecimal(value);
				case "DATE" -> LocalDate.parse(value);
				default -> value;
			};
			jdbc.sql("INSERT INTO subscriber_field (subscriber_id, field_id, " + column
					+ ") SELECT ?, id, ? FROM field WHERE field_key = ?")
				.params(id, typed, key)
				.update();
		});
		for (long topic : topics) {
			jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)").params(id, topic).update();
		}
		return id;
	}

	@SafeVarargs
	private static Map<String, Object> all(Map<String, Object>... conditions) {
		return Map.of("match", "all", "conditions", List.of(conditions));
	}

	private long create(String name, Map<String, Object> filter) throws Exception {
		return JSON.readTree(mvc
			.perform(post("/api/segments").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(Map.of("name", name, "filter", filter))))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()).get("id").asLong();
	}

	private ResultActions countRequest(Map<String, Object> filter) throws Exception {
		return mvc.perform(post("/api/segments/count").with(admin())
			.contentType(MediaType.APPLICATION_JSON)
			.content(JSON.writeValueAsString(filter)));
	}

	private int count(Map<String, Object> filter) throws Exception {
		return JSON
			.readTree(countRequest(filter).andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
			.get("readers")
			.asInt();
	}

	/**
	 * The readers a filter matches, through a saved segment's count and the compiled
	 * condition itself: the count must agree with the ids.
	 */
	private List<Long> matching(Map<String, Object> filter) throws Exception {
		long segment = create("Probe " + UUID.randomUUID(), filter);
		long campaign = CampaignsApi.campaign(mvc, Map.of("subject", "Probe", "intro", "Hi", "segmentId", segment));
		List<Long> ids = probe(campaign);
		assertThat(count(filter)).isEqualTo(ids.size());
		mvc.perform(post("/api/campaigns/" + campaign + "/cancel").with(admin())).andExpect(status().isOk());
		mvc.perform(delete("/api/segments/" + segment).with(admin())).andExpect(status().isNoContent());
		return ids;
	}

	@SafeVarargs
	private List<Long> matchingAny(Map<String, Object>... conditions) throws Exception {
		return matching(Map.of("match", "any", "conditions", List.of(conditions)));
	}

	/**
	 * The readers the campaign's condition selects, as delivery's port gives it to the
	 * queue fill.
	 */
	private List<Long> probe(long campaign) {
		ReaderCondition compiled = context.getBean(CampaignAudiences.class).readerCondition(campaign);
		assertThat(compiled.parameters()).isNotEmpty();
		return jdbc
			.sql("SELECT s.id FROM subscriber s WHERE s.status = 'CONFIRMED' AND " + compiled.sql() + " ORDER BY s.id")
			.params(compiled.parameters())
			.query(Long.class)
			.list();
	}

	private ResultActions problem(String name, List<Map<String, Object>> conditions) throws Exception {
		return mvc
			.perform(post("/api/segments").with(admin())
				.contentType(MediaType.APPLICATION_JSON)
				.content(JSON.writeValueAsString(
						Map.of("name", name, "filter", Map.of("match", "all", "conditions", conditions)))))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	private int segments() {
		return jdbc.sql("SELECT COUNT(*) FROM segment").query(Integer.class).single();
	}

}
