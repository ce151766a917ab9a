package dev.glowletter.campaign;

import java.util.Map;

/** A campaign that cannot be saved or scheduled as it is; each problem is named by its field. */
public class InvalidCampaign extends RuntimeException {

	private final transient Map<String, String> problems;

	InvalidCampaign(Map<String, String> problems) {
		super(String.join(" ", problems.values()));
		this.problems = Map.copyOf(problems);
	}

	public Map<String, String> problems() {
		return problems;
	}
}
