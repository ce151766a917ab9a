package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.glowletter.Readers;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Segments in a real browser: the admin writes the conditions, watches the count of
 * matching readers follow, saves, and the campaign editor counts the segment's readers
 * when it is chosen.
 */
class SegmentsBrowserTest extends BrowserTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void adminWritesASegmentWithALiveCountAndTargetsItFromTheCampaignEditor() {
		String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		String skin = "skin" + unique;
		String hair = "Hair " + unique;
		jdbc.sql("INSERT INTO field (field_key, label, kind, choices, created_at) VALUES (?, ?, 'CHOICE', ?, ?)")
			.params(skin, "Skin type " + unique, "dry\noily", Instant.now().atOffset(ZoneOffset.UTC))
			.update();
		jdbc.sql("INSERT INTO topic (name, position, created_at) VALUES (?, 0, ?)")
			.params(hair, Instant.now().atOffset(ZoneOffset.UTC))
			.update();
		long topic = jdbc.sql("SELECT id FROM topic WHERE name = ?").param(hair).query(Long.class).single();
		reader("ana." + unique, topic, skin, "dry");
		reader("bo." + unique, topic, skin, "dry");
		reader("cy." + unique, topic, skin, "oily");

		logIn();
		open("/admin/segments/new");
		browser.findElement(By.id("name")).sendKeys("Dry hair " + unique);
		new Select(browser.findElement(By.id("kind-0"))).selectByValue("topics");
		new Select(browser.findElement(By.id("operator-0"))).selectByValue("anyOf");
		new Select(browser.findElement(By.id("topics-0"))).selectByVisibleText(hair);
		awaitText(By.id("segment-count"), "3 readers match now.");
		new Select(browser.findElement(By.id("kind-1"))).selectByValue("field");
		new Select(browser.findElement(By.id("field-1"))).selectByValue(skin);
		new Select(browser.findElement(By.id("operator-1"))).selectByValue("equals");
		browser.findElement(By.id("values-1")).sendKeys("dry");
		awaitText(By.id("segment-count"), "2 readers match now.");
		clickAndLoad(By.cssSelector("#segment-form button[type=submit]:not([formaction])"));
		awaitText(By.cssSelector(".flash"), "Segment saved");

		open("/admin/segments");
		assertThat(text(By.xpath("//table[@id='segment-list']//tr[td/a[text()='Dry hair " + unique + "']]")))
			.contains("2");

		open("/admin/campaigns/new");
		browser.findElement(By.id("target-segment")).click();
		new Select(browser.findElement(By.id("segmentId"))).selectByVisibleText("Dry hair " + unique);
		awaitText(By.id("audience-count"), "2 readers would get it now.");
	}

	private void reader(String name, long topic, String field, String value) {
		long id = Readers.confirmed(jdbc, name + "@example.org", null);
		jdbc.sql("INSERT INTO subscriber_topic (subscriber_id, topic_id) VALUES (?, ?)").params(id, topic).update();
		jdbc.sql("INSERT INTO subscriber_field (subscriber_id, field_id, text_value) "
				+ "SELECT ?, id, ? FROM field WHERE field_key = ?")
			.params(id, value, field)
			.update();
	}

}
