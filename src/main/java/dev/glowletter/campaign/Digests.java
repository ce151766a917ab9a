package dev.glowletter.campaign;

import org.springframework.data.jpa.repository.JpaRepository;

/** All recurring digests. */
interface Digests extends JpaRepository<Digest, Long> {
}
