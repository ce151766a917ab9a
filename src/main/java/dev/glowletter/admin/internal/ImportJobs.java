package dev.glowletter.admin.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.glowletter.subscription.SubscriberImport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

/**
 * CSV imports running in the background, so that the admin watches a progress bar instead
 * of a page that loads for as long as a large file takes. Kept in memory: an import
 * belongs to the instance and the session that started it.
 */
@Component
class ImportJobs {

	private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

	private static final int KEPT = 20;

	private final SubscriberImport imports;

	private final TaskExecutor executor;

	private final Map<String, Job> jobs = new LinkedHashMap<>();

	ImportJobs(SubscriberImport imports, @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
		this.imports = imports;
		this.executor = executor;
	}

	/** One import: how far it got, and its report or error once it is over. */
	static final class Job {

		final String id;

		final boolean consentHeld;

		private volatile int done;

		private volatile int total;

		private volatile SubscriberImport.Report report;

		private volatile String error;

		Job(String id, boolean consentHeld) {
			this.id = id;
			this.consentHeld = consentHeld;
		}

		int percent() {
			return total == 0 ? 0 : (int) (100L * done / total);
		}

		int done() {
			return done;
		}

		int total() {
			return total;
		}

		SubscriberImport.Report report() {
			return report;
		}

		String error() {
			return error;
		}

		boolean running() {
			return report == null && error == null;
		}

	}

	String start(byte[] csv, SubscriberImport.Options options) {
		Job job = new Job(UUID.randomUUID().toString(), options.consentHeld());
		synchronized (jobs) {
			jobs.put(job.id, job);
			while (jobs.size() > KEPT) {
				jobs.remove(jobs.keySet().iterator().next());
			}
		}
		executor.execute(() -> {
			try {
				job.report = imports.importCsv(csv, options, (done, total) -> {
					job.total = total;
					job.done = done;
				});
			}
			catch (RuntimeException ex) {
				log.error("CSV import {} failed", job.id, ex);
				job.error = "The import stopped: " + ex.getMessage();
			}
		});
		return job.id;
	}

	Optional<Job> find(String id) {
		synchronized (jobs) {
			return Optional.ofNullable(jobs.get(id));
		}
	}

}
