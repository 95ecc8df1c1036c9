package dev.cookiewarden.enforce;

/**
 * A response the filter hands the application that holds back part of what the application
 * wrote (the banner's page gathers small writes into pieces): {@link ConsentRequest} tells it, on
 * the request's thread, before the request goes async, since another thread, or the container
 * after a timeout, may then finish the response where nothing would pass on what is held.
 */
public interface BeforeAsync {
    /** Passes on what is held back, and holds nothing back from now on. */
    void beforeAsync();
}
