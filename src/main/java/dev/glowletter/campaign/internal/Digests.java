package dev.glowletter.campaign.internal;

import org.springframework.data.jpa.repository.JpaRepository;

/** All recurring digests. */
public interface Digests extends JpaRepository<Digest, Long> {

}
