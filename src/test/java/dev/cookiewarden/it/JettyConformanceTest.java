package dev.cookiewarden.it;

/** The conformance suite on embedded Jetty 12 (ee10). */
class JettyConformanceTest extends ConformanceSuite {
    @Override
    Container newContainer() {
        return Container.jetty();
    }
}
