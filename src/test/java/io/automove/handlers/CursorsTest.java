package io.automove.handlers;

import io.automove.model.DomainException;
import io.automove.usecases.ports.PageRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CursorsTest {
    private final Cursors cursors = new Cursors("stack-1");

    private static HttpRequest list(Map<String, String> query) {
        return new HttpRequest("GET /client-requests", "/client-requests", Map.of(), query, Map.of(), null, Map.of(), "r");
    }

    @Test
    void aSealedCursorOpensForTheSameFirmAndQuery() {
        String cursor = cursors.seal("{\"PK\":\"F#1\"}", "f1", "GET /client-requests?accountId=a1");
        PageRequest page = cursors.request(list(Map.of("cursor", cursor, "limit", "7")), "f1", "GET /client-requests?accountId=a1");
        assertEquals("{\"PK\":\"F#1\"}", page.after());
        assertEquals(7, page.limit());
    }

    @Test
    void theEndHasNoCursorAndNoCursorMeansTheFirstPageOfTheDefaultSize() {
        assertNull(cursors.seal(null, "f1", "q"));
        PageRequest first = cursors.request(list(Map.of()), "f1", "q");
        assertNull(first.after());
        assertEquals(PageRequest.DEFAULT, first.limit());
    }

    @Test
    void anotherFirmsCursorIsRefused() {
        String cursor = cursors.seal("k", "f1", "q");
        assertEquals("INVALID_CURSOR", refused(Map.of("cursor", cursor), "f2", "q"));
    }

    @Test
    void aCursorOfAnotherQueryIsRefused() {
        String cursor = cursors.seal("k", "f1", "GET /client-requests?accountId=a1");
        assertEquals("INVALID_CURSOR", refused(Map.of("cursor", cursor), "f1", "GET /client-requests?accountId=a2"));
    }

    @Test
    void aCursorSealedByAnotherStackIsRefused() {
        String cursor = new Cursors("stack-2").seal("k", "f1", "q");
        assertEquals("INVALID_CURSOR", refused(Map.of("cursor", cursor), "f1", "q"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", "abc.", ".abc", "a.b.c", "!!!.###"})
    void aMalformedCursorIsRefused(String cursor) {
        assertEquals("INVALID_CURSOR", refused(Map.of("cursor", cursor), "f1", "q"));
    }

    /** A 32-byte seal is 43 base64 characters; the last one's two low bits are read by no decoder. */
    @Test
    void aSealWhoseLastCharacterIsEditedInTheBitsNoDecoderReads_isRefused() {
        for (int i = 0; i < 64; i++) {
            String cursor = cursors.seal("{\"SK\":\"J#" + i + "\"}", "f1", "q");
            char last = cursor.charAt(cursor.length() - 1);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            char twin = alphabet.charAt(alphabet.indexOf(last) ^ 1); // same high four bits, another low bit
            String edited = cursor.substring(0, cursor.length() - 1) + twin;
            assertEquals("INVALID_CURSOR", refused(Map.of("cursor", edited), "f1", "q"), edited);
        }
    }

    @Test
    void anEditedCursorIsRefused() {
        String cursor = cursors.seal("{\"SK\":\"J#0001\"}", "f1", "q");
        char[] chars = cursor.toCharArray();
        chars[2] = chars[2] == 'A' ? 'B' : 'A';
        assertEquals("INVALID_CURSOR", refused(Map.of("cursor", new String(chars)), "f1", "q"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "1.5", "ten", "", "0050000"})
    void aLimitOutsideOneToTwoHundredIsRefused(String limit) {
        assertEquals("INVALID_LIMIT", refused(Map.of("limit", limit), "f1", "q"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50, 200})
    void aLimitFromOneToTwoHundredIsTaken(int limit) {
        assertEquals(limit, cursors.request(list(Map.of("limit", String.valueOf(limit))), "f1", "q").limit());
    }

    private String refused(Map<String, String> query, String firm, String q) {
        return assertThrows(DomainException.class, () -> cursors.request(list(query), firm, q)).code();
    }
}
