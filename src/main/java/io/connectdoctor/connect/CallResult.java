package io.connectdoctor.connect;

import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * What one call to Connect came to: a value, or the typed reason there is none. Lets a
 * caller wait on several calls at once and handle each outcome with a {@code switch}.
 *
 * @param <T> the type of the value
 * @author connect-doctor
 */
public sealed interface CallResult<T> {

	/**
	 * Turn a call into one that always completes with its result.
	 * @param <T> the type of the value
	 * @param call a call of {@link ConnectClient}, which fails only with a
	 * {@link ConnectCallException}
	 * @param request the request, to name it should anything else fail
	 * @return the result
	 */
	static <T> Mono<CallResult<T>> of(Mono<T> call, String request) {
		return call.<CallResult<T>>map(Success::new)
			.onErrorResume((ex) -> Mono.just(new Failure<>(
					(ex instanceof ConnectCallException known) ? known : ConnectClient.translate(request, ex))));
	}

	/**
	 * Return what the result comes to, one function for each outcome; the Java 17 form of
	 * an exhaustive {@code switch} over the two.
	 * @param <R> the type of what it comes to
	 * @param success applied to the value of a call that answered
	 * @param failure applied to the error of a call that failed
	 * @return what the applied function returned
	 */
	<R> R fold(Function<? super T, ? extends R> success, Function<ConnectCallException, ? extends R> failure);

	/**
	 * The call answered.
	 *
	 * @param <T> the type of the value
	 * @param value what it answered
	 */
	record Success<T>(T value) implements CallResult<T> {

		@Override
		public <R> R fold(Function<? super T, ? extends R> success,
				Function<ConnectCallException, ? extends R> failure) {
			return success.apply(this.value);
		}

	}

	/**
	 * The call failed.
	 *
	 * @param <T> the type of the value it would have had
	 * @param error why
	 */
	record Failure<T>(ConnectCallException error) implements CallResult<T> {

		@Override
		public <R> R fold(Function<? super T, ? extends R> success,
				Function<ConnectCallException, ? extends R> failure) {
			return failure.apply(this.error);
		}

	}

}
