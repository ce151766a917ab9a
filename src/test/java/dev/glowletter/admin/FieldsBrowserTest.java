package dev.glowletter.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fields page in a real browser: a field defined with a mistake shown next to it,
 * then offered by the sign-up form, and deleted after a confirmation that says what goes
 * with it.
 */
class FieldsBrowserTest extends BrowserTest {

	@Autowired
	JdbcClient jdbc;

	@Test
	void theAdminDefinesAFieldTheSignUpFormOffersAndDeletesItAfterAConfirmation() {
		logIn();
		open("/admin/fields");
		browser.findElement(By.id("label")).sendKeys("Skin type");
		browser.findElement(By.id("key")).sendKeys("Skin type");
		new Select(browser.findElement(By.id("kind"))).selectByValue("CHOICE");
		browser.findElement(By.id("choices")).sendKeys("Dry\nOily\nCombination");
		browser.findElement(By.id("onSignup")).click();
		clickAndLoad(By.cssSelector("form[action='/admin/fields'] button[type=submit]"));

		assertThat(text(By.id("key-error"))).contains("lower-case letter");
		assertThat(browser.findElement(By.id("key")).getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(browser.findElement(By.id("choices")).getAttribute("value")).contains("Oily");
		browser.findElement(By.id("key")).clear();
		browser.findElement(By.id("key")).sendKeys("skinType");
		clickAndLoad(By.cssSelector("form[action='/admin/fields'] button[type=submit]"));
		assertThat(text(By.id("fields"))).contains("Skin type").contains("skinType").contains("Dry, Oily, Combination");

		open("/");
		new Select(waitFor(By.id("field-skinType"))).selectByVisibleText("Oily");
		assertThat(browser.findElement(By.cssSelector("label[for='field-skinType']")).getText()).contains("Skin type");

		logIn();
		open("/admin/fields");
		clickAndLoad(By.cssSelector("#fields a.danger"));
		assertThat(text(By.id("delete-consequence"))).contains("No reader has a value of it");
		clickAndLoad(By.id("confirm-delete"));
		awaitText(By.cssSelector(".flash"), "deleted");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM field").query(Integer.class).single()).isZero();
	}

}
