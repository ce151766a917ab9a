package dev.glowletter.subscription.internal;

/** No reader of that id, e.g. one erased meanwhile. */
class SubscriberNotFound extends RuntimeException {

	SubscriberNotFound(long id) {
		super("There is no subscriber " + id + ".");
	}

}
