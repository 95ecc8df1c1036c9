package dev.cookiewarden.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyTest {

    private static FormBody read(String body) throws IOException {
        return FormBody.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)));
    }

    private static EndpointException refused(String body) {
        return assertThrows(EndpointException.class, () -> read(body));
    }

    private static String fields(int n) {
        return IntStream.range(0, n).mapToObj(i -> "f" + i + "=" + i).collect(Collectors.joining("&"));
    }

    @Test
    void readWhenEmptyBodyThenNoFields() throws IOException {
        FormBody form = read("");
        assertEquals(List.of(), form.all("a"));
        assertNull(form.single("a"));
    }

    @Test
    void readWhenTwoFieldsThenBothReadable() throws IOException {
        FormBody form = read("a=1&b=2");
        assertEquals("1", form.single("a"));
        assertEquals("2", form.single("b"));
        assertNull(form.single("c"));
    }

    @Test
    void readWhenFieldRepeatedThenAllValuesInOrder() throws IOException {
        assertEquals(List.of("analytics", "marketing", ""), read("g=analytics&x=1&g=marketing&g=").all("g"));
    }

    @Test
    void readWhenPlusAndPercentEscapesThenDecodedAsUtf8() throws IOException {
        FormBody form = read("return=%2Fshop%3Fx%3D1%26y%3D2&text=a+b%20c&caf%C3%A9=%E2%82%AC");
        assertEquals("/shop?x=1&y=2", form.single("return"));
        assertEquals("a b c", form.single("text"));
        assertEquals("\u20ac", form.single("caf\u00e9"));
    }

    @Test
    void readWhenNoEqualsOrEmptyPartsThenNameWithEmptyValueAndEmptyPartsSkipped() throws IOException {
        FormBody form = read("&&flag&&a==1&");
        assertEquals("", form.single("flag"));
        assertEquals("=1", form.single("a"), "the name ends at the first '='");
        assertEquals(List.of(), form.all(""));
    }

    @Test
    void readWhenNamesDifferInCaseThenDistinctFields() throws IOException {
        FormBody form = read("a=1&A=2");
        assertEquals("1", form.single("a"));
        assertEquals("2", form.single("A"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%", "a=%2", "a=%zz", "%G0=1", "a=1&b=%-1"})
    void readWhenPercentEscapeMalformedThenBadRequest(String body) {
        EndpointException e = refused(body);
        assertEquals(400, e.status());
        assertEquals("The form is not correctly URL-encoded", e.getMessage());
    }

    @Test
    void readWhenExactlyMaxFieldsThenAccepted() throws IOException {
        FormBody form = read(fields(FormBody.MAX_FIELDS));
        assertEquals(String.valueOf(FormBody.MAX_FIELDS - 1), form.single("f" + (FormBody.MAX_FIELDS - 1)));
    }

    @Test
    void readWhenOneFieldOverMaxFieldsThenBadRequest() {
        EndpointException e = refused(fields(FormBody.MAX_FIELDS + 1));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(String.valueOf(FormBody.MAX_FIELDS)), e.getMessage());
    }

    @Test
    void readWhenEmptyPartsPadTheBodyThenTheyDoNotCountAsFields() throws IOException {
        String body = fields(FormBody.MAX_FIELDS) + "&".repeat(1000);
        assertEquals("0", read(body).single("f0"));
    }

    @Test
    void readWhenExactlyMaxBytesThenAccepted() throws IOException {
        String body = "a=" + "x".repeat(FormBody.MAX_BYTES - 2);
        assertEquals(FormBody.MAX_BYTES, body.length());
        assertEquals(FormBody.MAX_BYTES - 2, read(body).single("a").length());
    }

    @Test
    void readWhenOneByteOverMaxBytesThenPayloadTooLarge() {
        assertEquals(413, refused("a=" + "x".repeat(FormBody.MAX_BYTES - 1)).status());
    }

    @Test
    void readWhenBodyIsEndlessThenStopsReadingJustPastTheLimit() {
        // A client streaming forever must not make the endpoint buffer it all.
        long[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'x';
            }
        };
        EndpointException e = assertThrows(EndpointException.class, () -> FormBody.read(endless));
        assertTrue(served[0] <= FormBody.MAX_BYTES + 1, () -> served[0] + " bytes read");
        assertEquals(413, e.status());
    }

    @Test
    void singleWhenFieldRepeatedThenBadRequestNamingTheField() throws IOException {
        FormBody form = read("return=/a&return=/b");
        EndpointException e = assertThrows(EndpointException.class, () -> form.single("return"));
        assertEquals(400, e.status());
        assertEquals("The field [return] is given more than once", e.getMessage());
    }

    @Test
    void singleWhenRepeatedEvenWithEqualValuesThenBadRequest() throws IOException {
        FormBody form = read("a=1&a=1");
        assertEquals(400, assertThrows(EndpointException.class, () -> form.single("a")).status());
    }

    @Test
    void toStringCountsFieldsWithoutValues() throws IOException {
        assertEquals("FormBody[2 fields]", read("a=secret&b=secret").toString());
    }
}
