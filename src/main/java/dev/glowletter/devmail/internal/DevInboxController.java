package dev.glowletter.devmail.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import dev.glowletter.feedback.LocalBounceMailbox;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The dev inbox: every e-mail the capture server took, newest first, each with its parts.
 */
@Controller
@Conditional(NoMailRelayConfigured.class)
class DevInboxController {

	private final GreenMail captureServer;

	private final LocalBounceMailbox bounceMailbox;

	private final Clock clock;

	DevInboxController(GreenMail captureServer, LocalBounceMailbox bounceMailbox, Clock clock) {
		this.captureServer = captureServer;
		this.bounceMailbox = bounceMailbox;
		this.clock = clock;
	}

	/**
	 * One e-mail in the inbox's list; public only because the page's template
	 * (FreeMarker) reads it.
	 */
	public record Row(int number, String subject, String to, String from, String sentAt) {
	}

	@GetMapping("/dev/inbox")
	String inbox(Model model) throws MessagingException {
		List<MimeMessage> messages = mails(false);
		model.addAttribute("messages", rows(messages, LISTED));
		model.addAttribute("total", messages.size());
		model.addAttribute("reports", rows(mails(true), LISTED));
		model.addAttribute("bounceAddress", bounceMailbox.address());
		return "devmail/inbox";
	}

	/** The most e-mails the inbox lists: the newest. */
	static final int LISTED = 500;

	/** The newest first, at most {@code limit}, each with its number in the list. */
	private static List<Row> rows(List<MimeMessage> messages, int limit) throws MessagingException {
		List<Row> rows = new ArrayList<>();
		for (int i = messages.size() - 1; i >= 0 && rows.size() < limit; i--) {
			rows.add(row(i + 1, messages.get(i)));
		}
		return rows;
	}

	@GetMapping("/dev/inbox/{number}")
	String message(@PathVariable int number, Model model) throws MessagingException, IOException {
		return show(number, find(number), false, model);
	}

	/** A report in the bounce mailbox: what the service reads (and moves once read). */
	@GetMapping("/dev/inbox/reports/{number}")
	String report(@PathVariable int number, Model model) throws MessagingException, IOException {
		return show(number, find(mails(true), number), true, model);
	}

	private String show(int number, MimeMessage message, boolean report, Model model)
			throws MessagingException, IOException {
		model.addAttribute("base", report ? "/dev/inbox/reports/" : "/dev/inbox/");
		model.addAttribute("report", report);
		model.addAttribute("message", row(number, message));
		model.addAttribute("text", part(message, "text/plain"));
		model.addAttribute("hasHtml", part(message, "text/html") != null);
		model.addAttribute("source", source(message));
		model.addAttribute("returnPath", returnPath(message));
		return "devmail/message";
	}

	/**
	 * Mails the bounce mailbox what a receiving server would if this e-mail's recipient
	 * did not exist: a Postfix-style delivery status notification to its envelope sender.
	 */
	@PostMapping("/dev/inbox/{number}/bounce")
	String bounce(@PathVariable int number, RedirectAttributes redirect) throws MessagingException {
		return report(number, false, redirect);
	}

	/**
	 * Mails the bounce mailbox what a mailbox provider's feedback loop would if the
	 * recipient pressed "this is spam": an RFC 5965 abuse report.
	 */
	@PostMapping("/dev/inbox/{number}/complain")
	String complain(@PathVariable int number, RedirectAttributes redirect) throws MessagingException {
		return report(number, true, redirect);
	}

	private String report(int number, boolean complaint, RedirectAttributes redirect) throws MessagingException {
		MimeMessage original = find(number);
		String envelopeSender = returnPath(original);
		Address[] recipients = original.getAllRecipients();
		if (envelopeSender == null || recipients == null || recipients.length == 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"This e-mail has no envelope sender or recipient to report about");
		}
		String recipient = ((InternetAddress) recipients[0]).getAddress();
		Session session = Session.getInstance(new Properties());
		MimeMessage report = complaint
				? SampleReports.complaint(session, original, envelopeSender, recipient, clock.instant())
				: SampleReports.bounce(session, original, envelopeSender, recipient, clock.instant());
		captureServer.getUserManager().getUserByEmail(bounceMailbox.address()).deliver(report);
		redirect.addFlashAttribute("notice",
				(complaint ? "A complaint about this e-mail" : "A bounce of this e-mail")
						+ " went to the bounce mailbox " + bounceMailbox.address()
						+ "; it is read within seconds: see the reader's history and " + "the campaign's report.");
		return "redirect:/dev/inbox/" + number;
	}

	/** The envelope sender the capture server recorded, without its angle brackets. */
	private static String returnPath(MimeMessage message) throws MessagingException {
		String header = message.getHeader("Return-Path", null);
		if (header == null) {
			return null;
		}
		String path = header.strip();
		if (path.startsWith("<") && path.endsWith(">")) {
			path = path.substring(1, path.length() - 1);
		}
		return path.isEmpty() ? null : path;
	}

	/** The HTML part alone, for the inbox's frame; links open in a new tab. */
	@GetMapping(value = { "/dev/inbox/{number}/html", "/dev/inbox/{reports:reports}/{number}/html" },
			produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> html(@PathVariable int number, @PathVariable(required = false) String reports)
			throws MessagingException, IOException {
		String html = part(reports != null ? find(mails(true), number) : find(number), "text/html");
		if (html == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "This e-mail has no HTML part");
		}
		return ResponseEntity.ok()
			.header("Content-Security-Policy",
					"sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src * data:; "
							+ "style-src 'unsafe-inline'")
			.body("<base target=\"_blank\">" + html);
	}

	@PostMapping("/dev/inbox/clear")
	String clear() throws Exception {
		captureServer.purgeEmailFromAllMailboxes();
		return "redirect:/dev/inbox";
	}

	/** A mail of the captured ones (those not in the bounce mailbox). */
	private MimeMessage find(int number) throws MessagingException {
		return find(mails(false), number);
	}

	private static MimeMessage find(List<MimeMessage> messages, int number) {
		if (number < 1 || number > messages.size()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No e-mail number " + number + " in the dev inbox");
		}
		return messages.get(number - 1);
	}

	/**
	 * The captured mails, or those in the local bounce mailbox (addressed to it, or to
	 * its VERP addresses): numbered apart, so that a report arriving and moving there
	 * does not renumber the mails readers got. A report is listed once: the service moves
	 * what it has read to another folder as copy, then delete, and in between the capture
	 * server holds it twice (the copy keeps its arrival time, so its number).
	 */
	private List<MimeMessage> mails(boolean reports) throws MessagingException {
		String address = bounceMailbox.address().toLowerCase(Locale.ROOT);
		int at = address.lastIndexOf('@');
		String local = address.substring(0, at);
		String domain = address.substring(at);
		List<MimeMessage> selected = new ArrayList<>();
		Set<String> reportIds = new HashSet<>();
		for (MimeMessage message : inArrivalOrder()) {
			Address[] to = message.getAllRecipients();
			boolean report = to != null && Arrays.stream(to).anyMatch(a -> {
				String recipient = a instanceof InternetAddress internet
						? internet.getAddress().toLowerCase(Locale.ROOT) : "";
				return recipient.endsWith(domain) && (recipient.equals(address) || recipient.startsWith(local + "+"));
			});
			if (report == reports
					&& (!report || message.getMessageID() == null || reportIds.add(message.getMessageID()))) {
				selected.add(message);
			}
		}
		return selected;
	}

	/**
	 * Every captured mail, oldest first: the capture server lists them mailbox by
	 * mailbox, so a reader's new mail would come before another reader's older one, and
	 * the numbers would move as mail arrives. Sorted by arrival (stable: one mailbox's
	 * mails keep their order within a millisecond), a new mail gets the next number and
	 * the others keep theirs.
	 */
	private List<MimeMessage> inArrivalOrder() {
		return captureServer.getManagers()
			.getImapHostManager()
			.getAllMessages()
			.stream()
			.sorted(Comparator.comparing(StoredMessage::getReceivedDate,
					Comparator.nullsFirst(Comparator.naturalOrder())))
			.map(StoredMessage::getMimeMessage)
			.toList();
	}

	private static Row row(int number, MimeMessage message) throws MessagingException {
		return new Row(number, message.getSubject(), addresses(message.getAllRecipients()),
				addresses(message.getFrom()),
				message.getSentDate() == null ? "" : message.getSentDate().toInstant().toString());
	}

	private static String addresses(Address[] addresses) {
		return addresses == null ? ""
				: String.join(", ",
						Arrays.stream(addresses)
							.map(a -> a instanceof InternetAddress internet ? internet.toUnicodeString() : a.toString())
							.toList());
	}

	/** The first part of that type, decoded. */
	static String part(Part part, String type) throws MessagingException, IOException {
		if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
			return (String) part.getContent();
		}
		if (part.isMimeType("multipart/*")) {
			Multipart multipart = (Multipart) part.getContent();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				String found = part(child, type);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static String source(MimeMessage message) throws IOException, MessagingException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		message.writeTo(out);
		return out.toString(StandardCharsets.UTF_8);
	}

}
