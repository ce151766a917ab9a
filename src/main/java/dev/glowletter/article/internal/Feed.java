package dev.glowletter.article.internal;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * The blog's RSS 2.0 or Atom feed, polled for new articles; it remembers how its last
 * poll went.
 */
@Entity
@Table(name = "feed")
public class Feed {

	static final int MAX_MESSAGE = 1000;

	enum Result {

		OK, FAILED

	}

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String url;

	private Instant createdAt;

	private Instant lastPolledAt;

	@Enumerated(EnumType.STRING)
	@JdbcTypeCode(SqlTypes.VARCHAR)
	private Result lastResult;

	private String lastMessage;

	private Instant lastSuccessAt;

	private int consecutiveFailures;

	@Version
	private long version;

	protected Feed() {
	}

	Feed(String url, Instant now) {
		this.url = url;
		this.createdAt = now;
	}

	void polled(Instant now, String message) {
		this.lastPolledAt = now;
		this.lastResult = Result.OK;
		this.lastMessage = shorten(message);
		this.lastSuccessAt = now;
		this.consecutiveFailures = 0;
	}

	void failed(Instant now, String problem) {
		this.lastPolledAt = now;
		this.lastResult = Result.FAILED;
		this.lastMessage = shorten(problem);
		this.consecutiveFailures++;
	}

	private static String shorten(String message) {
		return message == null || message.length() <= MAX_MESSAGE ? message
				: message.substring(0, MAX_MESSAGE - 1) + "\u2026";
	}

	Long id() {
		return id;
	}

	String url() {
		return url;
	}

	FeedView view() {
		return new FeedView(id, url, createdAt, lastPolledAt, lastResult == null ? null : lastResult.name(),
				lastMessage, lastSuccessAt, consecutiveFailures);
	}

	/** A feed as the admin API shows it. */
	public record FeedView(long id, String url, Instant createdAt, Instant lastPolledAt, String lastResult,
			String lastMessage, Instant lastSuccessAt, int consecutiveFailures) {
	}

}
