package dev.glowletter.subscription.internal;

import java.time.Instant;

import dev.glowletter.subscription.ConsentSource;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The record of one consent: when, from where, through what, to which words. */
@Entity
@Table(name = "consent")
public class Consent {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private Long subscriberId;

	private Instant givenAt;

	private String ip;

	private String userAgent;

	@Enumerated(EnumType.STRING)
	@JdbcTypeCode(SqlTypes.VARCHAR)
	private ConsentSource source;

	private String consentText;

	private String consentTextVersion;

	protected Consent() {
	}

	public Consent(Long subscriberId, Instant givenAt, String ip, String userAgent, ConsentSource source,
			String consentText, String consentTextVersion) {
		this.subscriberId = subscriberId;
		this.givenAt = givenAt;
		this.ip = ip;
		this.userAgent = userAgent;
		this.source = source;
		this.consentText = consentText;
		this.consentTextVersion = consentTextVersion;
	}

	Long getSubscriberId() {
		return subscriberId;
	}

	Instant getGivenAt() {
		return givenAt;
	}

	String getIp() {
		return ip;
	}

	String getUserAgent() {
		return userAgent;
	}

	ConsentSource getSource() {
		return source;
	}

	String getConsentText() {
		return consentText;
	}

	String getConsentTextVersion() {
		return consentTextVersion;
	}

}
