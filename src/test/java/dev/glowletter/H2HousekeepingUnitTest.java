package dev.glowletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default install's H2 (a file, each commit written before the answer) keeps its file
 * near the size of its data, compacting it when no commit comes.
 */
class H2HousekeepingUnitTest {

	private static JdbcDataSource h2(String url) {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL(url);
		dataSource.setUser("sa");
		return dataSource;
	}

	@Test
	void aFileThatGrewWithManyCommitsShrinksBackAndKeepsItsRows(@TempDir Path folder) throws Exception {
		// as the default URL: each commit is written at once, so H2 runs no background
		// thread of its own
		JdbcDataSource dataSource = h2("jdbc:h2:file:" + folder.resolve("db") + ";WRITE_DELAY=0");
		Path file = folder.resolve("db.mv.db");
		try (Connection keepOpen = dataSource.getConnection(); Statement statement = keepOpen.createStatement()) {
			statement.execute("CREATE TABLE reader (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) UNIQUE, "
					+ "token VARCHAR(64) UNIQUE, note VARCHAR(300))");
			// a commit each, as sign-ups are: each writes a chunk with a leaf of each
			// random key's index, and the chunks before it keep some of their pages live
			try (PreparedStatement insert = keepOpen
				.prepareStatement("INSERT INTO reader (email, token, note) VALUES (?, ?, ?)")) {
				for (int i = 0; i < 5000; i++) {
					insert.setString(1, UUID.randomUUID() + "@example.org");
					insert.setString(2, UUID.randomUUID().toString());
					insert.setString(3, "x".repeat(200));
					insert.executeUpdate();
				}
			}
			long grown = Files.size(file);
			H2Housekeeping housekeeping = new H2Housekeeping(dataSource);

			long afterWrites = housekeeping.compact();
			statement.execute("UPDATE reader SET note = 'y' || SUBSTRING(note, 2) WHERE id = 1");
			long afterACommit = housekeeping.compact();
			// each round is 0.2 s or so: a slow machine may need a few
			long quiet = housekeeping.compact();
			for (int round = 1; round < 50 && quiet >= grown / 4; round++) {
				quiet = housekeeping.compact();
			}

			assertThat(grown).as("the file grew").isGreaterThan(16L << 20);
			assertThat(afterWrites).as("a first look only looks").isEqualTo(grown);
			assertThat(afterACommit).as("a commit since the last look: not quiet").isGreaterThanOrEqualTo(grown);
			assertThat(quiet).as("quiet, against %d bytes before", grown).isLessThan(grown / 4);
			assertThat(Files.size(file)).isEqualTo(quiet);
			try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(LENGTH(note)) FROM reader")) {
				rows.next();
				assertThat(rows.getInt(1)).isEqualTo(5000);
				assertThat(rows.getLong(2)).isEqualTo(5000L * 200);
			}
		}
		// and it opens again with every row
		try (Connection again = dataSource.getConnection();
				ResultSet rows = again.createStatement().executeQuery("SELECT COUNT(*) FROM reader")) {
			rows.next();
			assertThat(rows.getInt(1)).isEqualTo(5000);
		}
	}

	@Test
	void commitsThatComeDuringSyncsAreKept(@TempDir Path folder) throws Exception {
		JdbcDataSource dataSource = h2("jdbc:h2:file:" + folder.resolve("db") + ";WRITE_DELAY=0");
		try (Connection keepOpen = dataSource.getConnection(); Statement statement = keepOpen.createStatement()) {
			statement.execute("CREATE TABLE reader (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200) UNIQUE, "
					+ "note VARCHAR(300))");
			H2Housekeeping housekeeping = new H2Housekeeping(dataSource);
			// the sync takes no lock of H2's: a writer commits meanwhile
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try (Connection connection = dataSource.getConnection()) {
					insert(connection, 3000);
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
			int syncs = 0;
			while (!writer.isDone()) {
				if (housekeeping.sync()) {
					syncs++;
				}
			}
			writer.get();

			assertThat(syncs).as("syncs beside the writer").isGreaterThan(1);
			try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT email) FROM reader")) {
				rows.next();
				assertThat(rows.getInt(1)).isEqualTo(3000);
				assertThat(rows.getInt(2)).isEqualTo(3000);
			}
		}
		try (Connection again = dataSource.getConnection();
				ResultSet rows = again.createStatement().executeQuery("SELECT COUNT(*) FROM reader")) {
			rows.next();
			assertThat(rows.getInt(1)).isEqualTo(3000);
		}
	}

	/** Readers added one commit each, as sign-ups are. */
	private static void insert(Connection connection, int count) throws SQLException {
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO reader (email, note) VALUES (?, ?)")) {
			for (int i = 0; i < count; i++) {
				insert.setString(1, UUID.randomUUID() + "@example.org");
				insert.setString(2, "x".repeat(200));
				insert.executeUpdate();
			}
		}
	}

	@Test
	void aSyncWritesOnlyAfterCommits(@TempDir Path folder) throws Exception {
		JdbcDataSource dataSource = h2("jdbc:h2:file:" + folder.resolve("db") + ";WRITE_DELAY=0");
		try (Connection keepOpen = dataSource.getConnection(); Statement statement = keepOpen.createStatement()) {
			statement.execute("CREATE TABLE reader (id BIGINT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(200))");
			H2Housekeeping housekeeping = new H2Housekeeping(dataSource);

			boolean afterTheTable = housekeeping.sync();
			boolean nothingSince = housekeeping.sync();
			statement.execute("INSERT INTO reader (email) VALUES ('ada@example.org')");
			boolean afterACommit = housekeeping.sync();
			statement.execute("SELECT COUNT(*) FROM reader");
			boolean afterAQuery = housekeeping.sync();

			assertThat(afterTheTable).isTrue();
			assertThat(nothingSince).as("no commit since the last sync").isFalse();
			assertThat(afterACommit).isTrue();
			assertThat(afterAQuery).as("a query changes nothing").isFalse();
		}
	}

	@Test
	void anInMemoryDatabaseHasNoFileToKeep() {
		H2Housekeeping housekeeping = new H2Housekeeping(h2("jdbc:h2:mem:housekeeping"));
		assertThat(housekeeping.compact()).isEqualTo(-1);
		assertThat(housekeeping.sync()).isFalse();
	}

}
