package dev.glowletter.rendering.internal;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How e-mails are rendered and signed.
 *
 * @param templatesDir the folder of editable e-mail templates; the copy packaged in the
 * jar serves when it does not exist
 * @param templateUpdateDelay how often an edited template is looked at again
 * @param linkKey the key that signs unsubscribe links (32+ characters); when unset, one
 * is generated once and kept in the database, so links stay valid across restarts
 * @param utmSource when set, article links in newsletters get {@code utm_source},
 * {@code utm_medium} and {@code utm_campaign} parameters; off by default
 * @param utmMedium the {@code utm_medium} value
 * @param utmCampaign the {@code utm_campaign} value; the template's name when unset
 */
@Validated
@ConfigurationProperties("glowletter.rendering")
public record RenderingProperties(@NotBlank @DefaultValue("email-templates") String templatesDir,
		@DefaultValue("2s") Duration templateUpdateDelay,
		// its length is checked by LinkKey: a binding error would print the value
		String linkKey, String utmSource, @DefaultValue("email") String utmMedium, String utmCampaign) {
}
