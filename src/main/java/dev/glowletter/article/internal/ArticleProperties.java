package dev.glowletter.article.internal;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Articles, their excerpts and the feed import.
 *
 * @param excerptLength about how many characters a derived excerpt has (cut at a sentence
 * or word)
 * @param maxBodySize the largest article body (HTML) the API and the import accept, in
 * characters
 * @param demoContent whether a first start with no articles writes the demo articles
 * @param feedPollInterval how often registered feeds are polled
 * @param feedConnectTimeout how long a feed's server may take to accept the connection
 * @param feedReadTimeout how long a feed may take to arrive, body included (each redirect
 * anew)
 * @param feedMaxSize the largest feed document read; a larger one is refused
 * @param feedPrivateHosts whether feeds may be fetched from loopback and private-network
 * addresses (a blog on the same machine or network); off, a feed URL cannot make the
 * service probe its own network
 */
@Validated
@ConfigurationProperties("glowletter.article")
record ArticleProperties(@DefaultValue("280") @Min(40) @Max(2000) int excerptLength,
		@DefaultValue("200000") @Min(1000) int maxBodySize, @DefaultValue("true") boolean demoContent,
		@DefaultValue("30m") Duration feedPollInterval, @DefaultValue("5s") Duration feedConnectTimeout,
		@DefaultValue("20s") Duration feedReadTimeout, @DefaultValue("5MB") DataSize feedMaxSize,
		@DefaultValue("false") boolean feedPrivateHosts) {
}
