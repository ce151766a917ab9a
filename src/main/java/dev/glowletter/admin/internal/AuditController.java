package dev.glowletter.admin.internal;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** The audit log for owners: a page, and {@code GET /api/audit} (newest first, JSON). */
@Controller
class AuditController {

	private static final int PAGE = 100;

	private final AuditLog audit;

	AuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping("/api/audit")
	@ResponseBody
	List<AuditLog.Event> api(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + PAGE) int size) {
		if (page < 0 || size < 1 || size > 1000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page is 0 or more, size between 1 and 1000");
		}
		return audit.latest(page, size);
	}

	@GetMapping("/admin/audit")
	String page(@RequestParam(defaultValue = "0") int page, Model model) {
		int shown = Math.max(0, page);
		List<AuditLog.Event> events = audit.latest(shown, PAGE + 1);
		model.addAttribute("events", events.subList(0, Math.min(PAGE, events.size())));
		model.addAttribute("page", shown);
		model.addAttribute("more", events.size() > PAGE);
		return "admin/audit";
	}

}
