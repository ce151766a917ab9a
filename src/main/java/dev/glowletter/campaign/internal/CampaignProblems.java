package dev.glowletter.campaign.internal;

import java.net.URI;

import dev.glowletter.campaign.CampaignNotFound;
import dev.glowletter.campaign.IllegalTransition;
import dev.glowletter.campaign.InvalidCampaign;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The campaign API's errors, as ProblemDetails a person can act on. */
@RestControllerAdvice(assignableTypes = { CampaignApiController.class, DigestApiController.class })
class CampaignProblems {

	@ExceptionHandler(IllegalTransition.class)
	ProblemDetail illegalTransition(IllegalTransition ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		problem.setTitle("Not possible in this state");
		problem.setType(URI.create("urn:glowletter:problem:illegal-transition"));
		return problem;
	}

	@ExceptionHandler(InvalidCampaign.class)
	ProblemDetail invalid(InvalidCampaign ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Please correct the request");
		problem.setType(URI.create("urn:glowletter:problem:invalid"));
		problem.setProperty("errors", ex.errors());
		return problem;
	}

	@ExceptionHandler(CampaignNotFound.class)
	ProblemDetail notFound(CampaignNotFound ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(ObjectOptimisticLockingFailureException.class)
	ProblemDetail changedMeanwhile(RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The campaign changed while this request was made (it may have just started sending). Load it again "
						+ "and retry.");
		problem.setTitle("Changed meanwhile");
		return problem;
	}

}
