package dev.glowletter.admin.internal;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.glowletter.subscription.SubscriberDirectory;

/**
 * A diverging bar chart drawn on the server as SVG: confirmations above the axis,
 * unsubscribes below. The numbers are in SVG user units of a 720 × 240 view box. Public
 * only because the dashboard's template (FreeMarker) reads it.
 */
public record GrowthChart(List<Bar> bars, double axisY, long max, String firstLabel, String lastLabel) {

	static final double WIDTH = 720;

	static final double HEIGHT = 240;

	public record Bar(String x, String width, String upY, String upHeight, String downHeight, String label,
			long confirmations, long unsubscribes) {
	}

	public static GrowthChart of(List<SubscriberDirectory.Day> days) {
		long max = Math.max(1,
				days.stream().mapToLong(d -> Math.max(d.confirmations(), d.unsubscribes())).max().orElse(1));
		double axis = HEIGHT * 0.62;
		double upScale = (axis - 8) / max;
		double downScale = (HEIGHT - axis - 8) / max;
		double slot = WIDTH / days.size();
		double width = Math.max(1, slot * 0.7);
		DateTimeFormatter format = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
		List<Bar> bars = new ArrayList<>();
		for (int i = 0; i < days.size(); i++) {
			SubscriberDirectory.Day day = days.get(i);
			double up = day.confirmations() * upScale;
			bars.add(new Bar(n(i * slot + (slot - width) / 2), n(width), n(axis - up), n(up),
					n(day.unsubscribes() * downScale), format.format(day.date()), day.confirmations(),
					day.unsubscribes()));
		}
		return new GrowthChart(bars, axis, max, days.isEmpty() ? "" : format.format(days.get(0).date()),
				days.isEmpty() ? "" : format.format(days.get(days.size() - 1).date()));
	}

	private static String n(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}
}
