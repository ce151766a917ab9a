package dev.glowletter.admin;

import dev.glowletter.article.Articles;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The articles campaigns are made of, newest first. (Editing is through the API for now.) */
@Controller
class ArticlePagesController {

	private final Articles articles;

	ArticlePagesController(Articles articles) {
		this.articles = articles;
	}

	@GetMapping("/admin/articles")
	String list(Model model) {
		model.addAttribute("articles", articles.latest(100));
		return "admin/articles";
	}
}
