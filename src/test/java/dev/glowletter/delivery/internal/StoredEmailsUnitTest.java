package dev.glowletter.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import dev.glowletter.rendering.Email;
import org.junit.jupiter.api.Test;

class StoredEmailsUnitTest {

	@Test
	void anEmailComesBackAsItWasQueuedWithItsModelNestedNumbersAndAnyText() {
		Email email = new Email("zoë@exämple.org", "Zoë \"Z\" <O'Hara>", "Bitte bestätigen ✓", "confirm",
				Map.of("confirmUrl", "https://news.example.org/confirm/t0k%en?x=1&y=<2>", "validHours", 48,
						"subscriber", Map.of("email", "zoë@exämple.org", "firstName", "Zoë"), "flags",
						List.of(true, "\u2028\r\n")),
				"https://news.example.org/unsubscribe/abc");

		Email read = StoredEmails.read(StoredEmails.write(email));

		assertThat(read).isEqualTo(email);
		assertThat(((Number) read.model().get("validHours")).intValue()).isEqualTo(48);
	}

	@Test
	void aMailWithoutUnsubscribeLinkOrNameKeepsThemAbsent() {
		Email email = new Email("reader@example.org", null, "Please confirm", "confirm", Map.of(), null);

		Email read = StoredEmails.read(StoredEmails.write(email));

		assertThat(read.toName()).isNull();
		assertThat(read.unsubscribeUrl()).isNull();
		assertThat(read.model()).isEmpty();
	}

	@Test
	void aMailWithAnAttachmentIsNotStoredAsAModel() {
		Email email = new Email("reader@example.org", null, "Your data", "data-export", Map.of(), null,
				new Email.Attachment("data.json", "application/json", new byte[] { 1 }));

		assertThatIllegalArgumentException().isThrownBy(() -> StoredEmails.write(email));
	}

}
