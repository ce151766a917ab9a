package dev.glowletter.subscription.internal;

import java.util.List;
import java.util.Map;

import dev.glowletter.GlowletterProperties;
import dev.glowletter.subscription.ConsentSource;
import dev.glowletter.subscription.LatestIssues;
import dev.glowletter.subscription.ReaderFields;
import dev.glowletter.subscription.ReaderTopics;
import dev.glowletter.subscription.Subscriptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The sign-up page, its embeddable twin for the blog, and the "check your inbox" page.
 */
@Controller
class SubscribePageController {

	/** How many of the archive's issues the page shows ("See what you'll get"). */
	static final int LATEST_ISSUES = 3;

	private final Subscriptions subscriptions;

	private final Signups signups;

	private final GlowletterProperties properties;

	private final ObjectProvider<ReaderTopics> readerTopics;

	private final ObjectProvider<ReaderFields> readerFields;

	private final ObjectProvider<LatestIssues> latestIssues;

	SubscribePageController(Subscriptions subscriptions, Signups signups, GlowletterProperties properties,
			ObjectProvider<ReaderTopics> readerTopics, ObjectProvider<ReaderFields> readerFields,
			ObjectProvider<LatestIssues> latestIssues) {
		this.latestIssues = latestIssues;
		this.readerTopics = readerTopics;
		this.readerFields = readerFields;
		this.subscriptions = subscriptions;
		this.signups = signups;
		this.properties = properties;
	}

	/**
	 * The field values ({@code fields[skinType]}) are read by
	 * {@link SignupForm#withFieldParameters}, not bound into the form's map.
	 */
	@InitBinder
	void binder(WebDataBinder binder) {
		binder.setDisallowedFields("fields*");
	}

	@ModelAttribute
	void common(Model model) {
		model.addAttribute("list", properties.list());
		model.addAttribute("consentText", subscriptions.consentText());
	}

	/**
	 * The topics and the fields the form offers: read only for a page that shows them,
	 * not for a sign-up that succeeds (a redirect), so the sign-up path costs no query
	 * for them.
	 */
	private void offerTopics(Model model) {
		ReaderTopics topics = readerTopics.getIfAvailable();
		model.addAttribute("topics", topics == null ? List.of() : topics.offered());
		ReaderFields fields = readerFields.getIfAvailable();
		model.addAttribute("signupFields", fields == null ? List.of()
				: fields.defined().stream().filter(ReaderFields.Definition::onSignup).toList());
	}

	@GetMapping("/")
	String form(Model model) {
		model.addAttribute("form", SignupForm.empty());
		model.addAttribute("errors", Map.of());
		offerTopics(model);
		// on the page only, not on the sign-up's way: a remembered list, one small query
		// a
		// minute at most
		LatestIssues issues = latestIssues.getIfAvailable();
		model.addAttribute("latestIssues", issues == null ? List.of() : issues.latest(LATEST_ISSUES));
		return "subscription/subscribe";
	}

	@PostMapping("/subscribe")
	String subscribe(SignupForm form, HttpServletRequest request, HttpServletResponse response, Model model) {
		return handle(form.withFieldParameters(request.getParameterMap()), ConsentSource.FORM, request, response,
				model);
	}

	/**
	 * The target of the form embedded in the blog's articles: a cross-site form, so no
	 * CSRF token.
	 */
	@PostMapping("/subscribe/embed")
	String subscribeFromEmbed(SignupForm form, HttpServletRequest request, HttpServletResponse response, Model model) {
		return handle(form.withFieldParameters(request.getParameterMap()), ConsentSource.EMBED, request, response,
				model);
	}

	private String handle(SignupForm form, ConsentSource source, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		try {
			signups.accept(form, source, request);
		}
		catch (Signups.Invalid ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("form", form);
			model.addAttribute("errors", ex.errors());
			offerTopics(model);
			return "subscription/subscribe";
		}
		return "redirect:/check-your-inbox";
	}

	@GetMapping("/check-your-inbox")
	String checkYourInbox() {
		return "subscription/check-inbox";
	}

	@GetMapping("/embed")
	String embed(Model model) {
		model.addAttribute("baseUrl", properties.baseUrl());
		offerTopics(model);
		return "subscription/embed";
	}

}
