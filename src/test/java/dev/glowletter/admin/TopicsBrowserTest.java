package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Topics in a real browser: the admin adds one with its tags, the sign-up page offers it,
 * the article editor and the digest editor put things in it.
 */
class TopicsBrowserTest extends BrowserTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aTopicAddedOnItsPageIsOfferedToReadersAndChosenInTheEditors() {
		String name = "Hair " + UUID.randomUUID().toString().substring(0, 6);
		logIn();
		open("/admin/topics");
		browser.findElement(By.id("name")).sendKeys(name);
		browser.findElement(By.id("description")).sendKeys("Growth, loss, scalp care");
		browser.findElement(By.id("tags")).sendKeys("Hair loss, microneedling");
		clickAndLoad(By.cssSelector("form[action='/admin/topics'] button[type=submit]"));
		// the click sends the form; the row is there once the server has answered
		long topic = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> jdbc.sql("SELECT id FROM topic WHERE name = ?").param(name).query(Long.class).optional(),
					Optional::isPresent)
			.orElseThrow();
		assertThat(waitFor(By.id("tags-" + topic)).getAttribute("value")).isEqualTo("hair loss, microneedling");

		// a nameless topic: the form again, the field marked
		clickAndLoad(By.cssSelector("form[action='/admin/topics'] button[type=submit]"));
		assertThat(waitFor(By.id("name")).getAttribute("aria-invalid")).isEqualTo("true");

		open("/");
		WebElement offered = waitFor(By.cssSelector("input[name=topics][value='" + topic + "']"));
		assertThat(offered.isSelected()).isFalse();

		logIn();
		open("/admin/articles/new");
		browser.findElement(By.id("title")).sendKeys("Scalp massage, tried for a month");
		String url = "https://blog.example.org/" + UUID.randomUUID();
		browser.findElement(By.id("url")).sendKeys(url);
		browser.findElement(By.id("topic-" + topic)).click();
		clickAndLoad(By.cssSelector("#article-form button[type=submit]"));
		waitFor(By.cssSelector(".flash"));
		long article = jdbc.sql("SELECT id FROM article WHERE url = ?").param(url).query(Long.class).single();
		assertThat(jdbc.sql("SELECT topic_id FROM article_topic WHERE article_id = ?")
			.param(article)
			.query(Long.class)
			.list()).containsExactly(topic);

		open("/admin/digests/new");
		browser.findElement(By.id("name")).sendKeys("Hair weekly");
		browser.findElement(By.id("topic-" + topic)).click();
		clickAndLoad(By.cssSelector("form.card button[type=submit]"));
		waitFor(By.cssSelector(".flash"));
		assertThat(jdbc
			.sql("SELECT dt.topic_id FROM digest_topic dt JOIN digest d ON d.id = dt.digest_id "
					+ "WHERE d.name = 'Hair weekly'")
			.query(Long.class)
			.list()).containsExactly(topic);
	}

}
