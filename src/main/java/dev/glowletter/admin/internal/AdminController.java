package dev.glowletter.admin.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The admin's way in. */
@Controller
class AdminController {

	@GetMapping("/admin/login")
	String login() {
		return "admin/login";
	}

}
