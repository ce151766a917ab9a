package dev.glowletter.admin.internal;

import java.util.List;
import java.util.Map;

import dev.glowletter.article.Editorial;
import dev.glowletter.audience.Topics;
import dev.glowletter.engagement.Clicks;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Article pages: the list and the feeds, the editor with its excerpt preview, deleting.
 */
@Controller
class ArticlePagesController {

	private final Editorial editorial;

	private final Topics topics;

	private final Clicks clicks;

	/** The articles page's "most read from the newsletter" looks this far back. */
	static final int MOST_READ_DAYS = 90;

	ArticlePagesController(Editorial editorial, Topics topics, Clicks clicks) {
		this.editorial = editorial;
		this.topics = topics;
		this.clicks = clicks;
	}

	@GetMapping("/admin/articles")
	String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
		return list(q, page, Map.of(), "", model);
	}

	private String list(String q, int page, Map<String, String> feedErrors, String feedUrl, Model model) {
		model.addAttribute("result", editorial.list(q, page));
		model.addAttribute("q", q == null ? "" : q);
		model.addAttribute("feeds", editorial.feeds());
		model.addAttribute("errors", feedErrors);
		model.addAttribute("feedUrl", feedUrl);
		model.addAttribute("mostRead", clicks.mostRead(MOST_READ_DAYS, 5));
		return "admin/articles";
	}

	@GetMapping("/admin/articles/new")
	String create(Model model) {
		return form(null, new Editorial.Draft("", "", "", "", "", "", "", "", "", List.of()), Map.of(), model);
	}

	@GetMapping("/admin/articles/{id:\\d+}")
	String edit(@PathVariable long id, Model model) {
		Editorial.Entry entry = editorial.find(id)
			.orElseThrow(() -> new AdminPages.NotFound("There is no article " + id + "."));
		return form(entry, entry.draft(), Map.of(), model);
	}

	@PostMapping("/admin/articles")
	String save(Editorial.Draft draft, Model model, RedirectAttributes redirect) {
		try {
			editorial.create(draft);
			AdminPages.flash(redirect, "Article saved. It can now go into a campaign or the next digest.");
			return "redirect:/admin/articles";
		}
		catch (Editorial.Invalid ex) {
			return form(null, draft, ex.errors(), model);
		}
	}

	@PostMapping("/admin/articles/{id:\\d+}")
	String update(@PathVariable long id, Editorial.Draft draft, Model model, RedirectAttributes redirect) {
		try {
			editorial.update(id, draft).orElseThrow(() -> new AdminPages.NotFound("There is no article " + id + "."));
			AdminPages.flash(redirect, "Article saved.");
			return "redirect:/admin/articles";
		}
		catch (Editorial.Invalid ex) {
			return form(editorial.find(id).orElse(null), draft, ex.errors(), model);
		}
	}

	private String form(Editorial.Entry entry, Editorial.Draft draft, Map<String, String> errors, Model model) {
		model.addAttribute("article", entry);
		model.addAttribute("form", draft);
		model.addAttribute("errors", errors);
		model.addAttribute("derivedExcerpt", editorial.excerptOf(draft.body()));
		model.addAttribute("topics", topics.list());
		return "admin/article-edit";
	}

	@PostMapping("/admin/articles/{id:\\d+}/delete")
	String delete(@PathVariable long id, RedirectAttributes redirect) {
		AdminPages.flash(redirect, editorial.delete(id) ? "Article deleted." : "That article was deleted already.");
		return "redirect:/admin/articles";
	}

	/** The live excerpt preview: what readers see when no excerpt is written. */
	@PostMapping("/admin/articles/excerpt")
	@ResponseBody
	Map<String, String> excerpt(@RequestParam(defaultValue = "") String body) {
		return Map.of("excerpt", editorial.excerptOf(body));
	}

	@PostMapping("/admin/feeds")
	String registerFeed(@RequestParam(defaultValue = "") String url, Model model, RedirectAttributes redirect) {
		try {
			Editorial.FeedStatus feed = editorial.registerFeed(url);
			AdminPages.flash(redirect,
					"Feed registered. Press “Poll now” to fetch its articles at once; it is polled every half hour "
							+ "anyway.");
			return "redirect:/admin/articles#feed-" + feed.id();
		}
		catch (Editorial.Invalid ex) {
			return list(null, 0, ex.errors(), url, model);
		}
	}

	@PostMapping("/admin/feeds/{id:\\d+}/poll")
	String poll(@PathVariable long id, RedirectAttributes redirect) {
		Editorial.FeedStatus feed = editorial.pollFeed(id)
			.orElseThrow(() -> new AdminPages.NotFound("There is no feed " + id + "."));
		boolean ok = feed.lastResult() != null && !feed.lastResult().contains("FAIL")
				&& !feed.lastResult().contains("ERROR");
		AdminPages.flash(redirect,
				"Polled " + feed.url() + ": " + (feed.lastMessage() == null ? feed.lastResult() : feed.lastMessage()),
				ok ? "ok" : "error");
		return "redirect:/admin/articles";
	}

	@PostMapping("/admin/feeds/{id:\\d+}/delete")
	String deleteFeed(@PathVariable long id, RedirectAttributes redirect) {
		AdminPages.flash(redirect,
				editorial.deleteFeed(id) ? "Feed removed. Its articles stay." : "That feed was removed already.");
		return "redirect:/admin/articles";
	}

}
