package dev.glowletter.campaign;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** All campaigns. */
interface Campaigns extends JpaRepository<Campaign, Long> {

	Page<Campaign> findByStatus(CampaignStatus status, Pageable pageable);
}
