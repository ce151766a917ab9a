package dev.glowletter.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.glowletter.IntegrationTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Invitations and password resets by e-mail, with the accounts' context. */
@TestPropertySource(properties = "glowletter.test.context=accounts")
class TeamLinksIntegrationTest extends IntegrationTest {

	private static final String PASSWORD = "copper meadow signal";

	@Autowired
	JdbcClient jdbc;

	@Test
	void anInvitedEditorMakesTheirAccountOnceFromTheLinkInTheirMail() throws Exception {
		String email = "invited-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
		mvc.perform(post("/admin/accounts/invite").with(user("admin").roles("OWNER"))
			.with(csrf())
			.param("inviteEmail", email)
			.param("inviteRole", "EDITOR")).andExpect(redirectedUrl("/admin/accounts"));
		String link = link(awaitMails(email, 1).get(0), "/admin/invite/");
		assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_link WHERE token_hash = ?")
			.param(link.substring(link.lastIndexOf('/') + 1))
			.query(Long.class)
			.single()).as("only the token's hash is kept").isZero();

		String path = link.substring(link.indexOf("/admin/invite/"));
		assertThat(mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
			.contains(email, "editor");
		String name = "joined-" + UUID.randomUUID().toString().substring(0, 6);
		mvc.perform(post(path).with(csrf()).param("username", name).param("password", "password1234"))
			.andExpect(status().isOk());
		// both clicks of a double-click at once: one account
		ExecutorService two = Executors.newFixedThreadPool(2);
		try {
			Callable<Integer> click = () -> mvc
				.perform(post(path).with(csrf()).param("username", name).param("password", PASSWORD))
				.andReturn()
				.getResponse()
				.getStatus();
			List<Future<Integer>> clicks = List.of(two.submit(click), two.submit(click));
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> answer : clicks) {
				statuses.add(answer.get());
			}
			assertThat(statuses).containsExactlyInAnyOrder(302, 410);
		}
		finally {
			two.shutdownNow();
		}
		assertThat(jdbc.sql("SELECT role || ' ' || email FROM admin_account WHERE username = ?")
			.param(name)
			.query(String.class)
			.single()).isEqualTo("EDITOR " + email);
		mvc.perform(get("/api/campaigns").with(httpBasic(name, PASSWORD))).andExpect(status().isOk());
		mvc.perform(get(path)).andExpect(status().isGone());
	}

	@Test
	void aBadInvitationIsRefusedWithTheFieldMarkedAndSendsNothing() throws Exception {
		String page = mvc
			.perform(post("/admin/accounts/invite").with(user("admin").roles("OWNER"))
				.with(csrf())
				.param("inviteEmail", "<script>x</script>")
				.param("inviteRole", "KING"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Enter the e-mail address to invite", "Choose OWNER, EDITOR or VIEWER")
			.doesNotContain("<script>x</script>");
		assertThat(inbox().getReceivedMessages()).isEmpty();
		mvc.perform(get("/admin/invite/not-a-token")).andExpect(status().isGone());
		String editor = "inviting-editor-" + UUID.randomUUID().toString().substring(0, 6);
		mvc.perform(post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"username\": \"" + editor + "\", \"role\": \"EDITOR\", \"password\": \"" + PASSWORD + "\"}"))
			.andExpect(status().isCreated());
		mvc.perform(post("/admin/accounts/invite").with(user(editor).roles("EDITOR"))
			.with(csrf())
			.param("inviteEmail", "x@example.org")
			.param("inviteRole", "OWNER")).andExpect(status().isForbidden());
	}

	@Test
	void aForgottenPasswordIsResetOnceFromTheLinkWithinTheHour() throws Exception {
		String name = "forgetful-" + UUID.randomUUID().toString().substring(0, 6);
		String email = name + "@example.org";
		mvc.perform(
				post("/api/accounts").with(httpBasic("admin", ADMIN_PASSWORD))
					.contentType(MediaType.APPLICATION_JSON)
					.content("{\"username\": \"" + name + "\", \"email\": \"" + email
							+ "\", \"role\": \"VIEWER\", \"password\": \"" + PASSWORD + "\"}"))
			.andExpect(status().isCreated());

		String unknown = mvc.perform(post("/admin/login/reset").with(csrf()).param("account", "nobody-at-all"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String known = mvc.perform(post("/admin/login/reset").with(csrf()).param("account", email.toUpperCase()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(known).as("the same answer either way").isEqualTo(unknown.replace(csrfOf(unknown), csrfOf(known)));
		String path = link(awaitMails(email, 1).get(0), "/admin/reset/");
		path = path.substring(path.indexOf("/admin/reset/"));

		mvc.perform(post(path).with(csrf()).param("password", "short")).andExpect(status().isOk());
		mvc.perform(post(path).with(csrf()).param("password", "silver canyon whistle"))
			.andExpect(redirectedUrl("/admin/login?reset"));
		mvc.perform(get("/api/campaigns").with(httpBasic(name, PASSWORD))).andExpect(status().isUnauthorized());
		mvc.perform(get("/api/campaigns").with(httpBasic(name, "silver canyon whistle"))).andExpect(status().isOk());
		mvc.perform(post(path).with(csrf()).param("password", "another good phrase")).andExpect(status().isGone());

		// a second link, an hour and a bit later, no longer works
		mvc.perform(post("/admin/login/reset").with(csrf()).param("account", name)).andExpect(status().isOk());
		String late = link(awaitMails(email, 2).get(1), "/admin/reset/");
		clock.advance(Duration.ofMinutes(61));
		mvc.perform(get(late.substring(late.indexOf("/admin/reset/")))).andExpect(status().isGone());
	}

	private static String csrfOf(String page) {
		Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"").matcher(page);
		return token.find() ? token.group(1) : "";
	}

	/** The link of the mail's plain-text part that contains this path. */
	private static String link(MimeMessage mail, String path) throws Exception {
		Matcher url = Pattern.compile("https?://\\S*" + Pattern.quote(path) + "[A-Za-z0-9_-]+").matcher(text(mail));
		assertThat(url.find()).as("a link to " + path).isTrue();
		return url.group();
	}

	private static String text(Part part) throws Exception {
		if (part.isMimeType("text/plain")) {
			return (String) part.getContent();
		}
		if (part.getContent() instanceof Multipart multipart) {
			StringBuilder all = new StringBuilder();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				all.append(text(child));
			}
			return all.toString();
		}
		return "";
	}

}
