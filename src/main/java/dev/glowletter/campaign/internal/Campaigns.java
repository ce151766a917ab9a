package dev.glowletter.campaign.internal;

import dev.glowletter.campaign.CampaignStatus;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** All campaigns. */
public interface Campaigns extends JpaRepository<Campaign, Long> {

	Page<Campaign> findByStatus(CampaignStatus status, Pageable pageable);

}
