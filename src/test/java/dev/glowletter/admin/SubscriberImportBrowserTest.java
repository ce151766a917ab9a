package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

import dev.glowletter.Readers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A CSV import in a real browser: upload, map the columns, and a report that names each
 * skipped line.
 */
class SubscriberImportBrowserTest extends BrowserTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void importReportsGoodDuplicateAndInvalidRowsWithTheirLines() throws Exception {
		Readers.confirmed(jdbc, "known.import@example.org", "Known");
		Path csv = Files.createTempFile("readers-", ".csv");
		Files.writeString(csv, """
				email;first name
				ada.import@example.org;Ada
				known.import@example.org;Known
				not-an-address;Nobody
				bea.import@example.org;Bea
				ADA.import@example.org;Ada again
				""");

		logIn();
		open("/admin/subscribers/import");
		browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
		clickAndLoad(By.cssSelector("form[enctype] button[type=submit]"));

		assertThat(text(By.id("import-preview"))).contains("ada.import@example.org").containsIgnoringCase("first name");
		assertThat(browser.findElement(By.cssSelector("#emailColumn option:checked")).getText()).isEqualTo("email");
		assertThat(browser.findElement(By.cssSelector("#nameColumn option:checked")).getText()).isEqualTo("first name");
		browser.findElement(By.id("consentHeld")).click();
		clickAndLoad(By.id("run-import"));

		assertThat(text(By.id("report-rows"))).isEqualTo("5");
		assertThat(text(By.id("report-imported"))).isEqualTo("2");
		assertThat(text(By.id("report-duplicates"))).isEqualTo("2");
		assertThat(text(By.id("report-invalid"))).isEqualTo("1");
		assertThat(text(By.id("invalid-rows"))).contains("4").contains("not-an-address");
		assertThat(text(By.id("duplicate-rows"))).contains("3 known.import@example.org")
			.contains("6 ADA.import@example.org");

		open("/admin/subscribers?q=import%40example.org&status=CONFIRMED");
		assertThat(text(By.id("subscriber-list"))).contains("ada.import@example.org")
			.contains("bea.import@example.org");
		Files.deleteIfExists(csv);
	}

	@Test
	void importReadsEachReadersTopicsFromTheColumnHeadedTopics() throws Exception {
		String topic = "Imported hair " + UUID.randomUUID().toString().substring(0, 6);
		jdbc.sql("INSERT INTO topic (name, position, created_at) VALUES (?, 900, ?)")
			.params(topic, OffsetDateTime.now(ZoneOffset.UTC))
			.update();
		Path csv = Files.createTempFile("readers-", ".csv");
		Files.writeString(csv, "email,topics\nivy.topics@example.org," + topic.toUpperCase(Locale.ROOT)
				+ "\njon.topics@example.org," + topic + "; Nails\n");

		logIn();
		open("/admin/subscribers/import");
		browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
		clickAndLoad(By.cssSelector("form[enctype] button[type=submit]"));

		// the preview is the next page: wait for it, as the other test does
		waitFor(By.id("topicsColumn"));
		assertThat(browser.findElement(By.cssSelector("#topicsColumn option:checked")).getText()).isEqualTo("topics");
		assertThat(text(By.id("topicsColumn-hint"))).contains("semicolons").contains(topic);
		browser.findElement(By.id("consentHeld")).click();
		clickAndLoad(By.id("run-import"));

		assertThat(text(By.id("report-imported"))).isEqualTo("1");
		assertThat(text(By.id("invalid-rows"))).contains("3 jon.topics@example.org")
			.contains("the list has no topic “Nails”");
		assertThat(jdbc.sql("""
				SELECT t.name FROM subscriber_topic st JOIN topic t ON t.id = st.topic_id
				JOIN subscriber s ON s.id = st.subscriber_id WHERE s.email = 'ivy.topics@example.org'""")
			.query(String.class)
			.list()).containsExactly(topic);
		Files.deleteIfExists(csv);
	}

}
