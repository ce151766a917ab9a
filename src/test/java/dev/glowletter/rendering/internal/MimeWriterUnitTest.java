package dev.glowletter.rendering.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

class MimeWriterUnitTest {

	private static final String SUBJECT = "Please confirm your subscription to "
			+ "\u201cBeauty resources, tips, and news\u201d";

	/** The subject a mail reader shows for the line written. */
	private static String read(String line) throws Exception {
		assertThat(line).startsWith("Subject: ").endsWith("\r\n");
		return MimeUtility.decodeText(MimeUtility.unfold(line.substring(9, line.length() - 2)));
	}

	@Test
	void aLongSubjectBeyondAsciiIsEncodedFoldedAndReadBackTheSameEachTime() throws Exception {
		String first = MimeWriter.subjectLine(SUBJECT);
		String again = MimeWriter.subjectLine(SUBJECT);

		assertThat(first.lines()).as("folded").hasSizeGreaterThan(1).allMatch(line -> line.length() <= 78);
		assertThat(read(first)).isEqualTo(SUBJECT);
		assertThat(again).isEqualTo(first);
	}

	@Test
	void manyDifferentSubjectsEachGetTheirOwnLine() throws Exception {
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 600; i++) {
				String subject = "Digest n\u00ba " + i + " for \u201cBeauty resources, tips, and news\u201d";
				assertThat(read(MimeWriter.subjectLine(subject))).isEqualTo(subject);
			}
		}
	}

	@Test
	void lineBreaksInASubjectCannotStartAHeaderOfTheirOwn() throws Exception {
		String line = MimeWriter.subjectLine("Hello\r\nBcc: everyone@example.org");

		assertThat(line.lines().skip(1)).allMatch(folded -> folded.startsWith(" ") || folded.startsWith("\t"));
	}

}
