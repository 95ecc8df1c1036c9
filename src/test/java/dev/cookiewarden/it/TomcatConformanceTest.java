package dev.cookiewarden.it;

/** The conformance suite on embedded Tomcat 11. */
class TomcatConformanceTest extends ConformanceSuite {
    @Override
    Container newContainer() {
        return Container.tomcat();
    }
}
