package dev.acf.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acf.api.json.AcfJson;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorBodyTest {

    @Test
    void acfExceptionMapsToTheApiErrorShape() {
        AcfException failure = new NotFoundException(ErrorCode.AGENT_NOT_FOUND, "no agent ans://v1.0.0.rca.ops.example.net");

        String json = AcfJson.writeString(ErrorBody.of(failure, "req-7"));

        assertThat(json).isEqualTo("{\"error\":{\"code\":\"agent_not_found\","
                + "\"message\":\"no agent ans://v1.0.0.rca.ops.example.net\",\"requestId\":\"req-7\"}}");
        assertThat(ErrorBody.httpStatus(failure)).isEqualTo(404);
    }

    @Test
    void missingRequestIdIsLeftOutNotWrittenAsNull() {
        String json = AcfJson.writeString(ErrorBody.of(ErrorCode.RATE_LIMITED, "slow down", null));

        assertThat(json).isEqualTo("{\"error\":{\"code\":\"rate_limited\",\"message\":\"slow down\"}}");
    }

    @Test
    void unexpectedExceptionBecomesInternalWithoutLeakingItsMessage() {
        RuntimeException bug = new IllegalStateException("connection to 10.1.2.3:5432 refused; password=hunter2");

        ErrorBody body = ErrorBody.of(bug, "req-9");

        assertThat(body.error().code()).isEqualTo("internal");
        assertThat(body.error().message()).doesNotContain("10.1.2.3", "hunter2", "IllegalStateException").contains("req-9");
        assertThat(ErrorBody.httpStatus(bug)).isEqualTo(500);
    }

    static Stream<Arguments> statusesAndTypes() {
        return Stream.of(
                Arguments.of(ErrorCode.INVALID_REQUEST, ValidationException.class),
                Arguments.of(ErrorCode.MALFORMED_JSON, ValidationException.class),
                Arguments.of(ErrorCode.INVALID_NAME, InvalidNameException.class),
                Arguments.of(ErrorCode.INVALID_CSR, TrustException.class),
                Arguments.of(ErrorCode.CERTIFICATE_REVOKED, TrustException.class),
                Arguments.of(ErrorCode.UNAUTHENTICATED, AuthenticationException.class),
                Arguments.of(ErrorCode.PERMISSION_DENIED, PermissionDeniedException.class),
                Arguments.of(ErrorCode.AGENT_NOT_FOUND, NotFoundException.class),
                Arguments.of(ErrorCode.CONFLICT, ConflictException.class),
                Arguments.of(ErrorCode.PAYLOAD_TOO_LARGE, LimitExceededException.class),
                Arguments.of(ErrorCode.RATE_LIMITED, LimitExceededException.class),
                Arguments.of(ErrorCode.HEADERS_TOO_LARGE, LimitExceededException.class),
                Arguments.of(ErrorCode.POLICY_REFUSED, PolicyException.class),
                Arguments.of(ErrorCode.UNAVAILABLE, UnavailableException.class),
                Arguments.of(ErrorCode.UPSTREAM_TIMEOUT, UnavailableException.class),
                Arguments.of(ErrorCode.INTERNAL, AcfException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusesAndTypes")
    void bodyReadByAClientBecomesTheTypedExceptionAgain(ErrorCode code, Class<? extends AcfException> type) {
        byte[] wire = AcfJson.writeBytes(ErrorBody.of(code, "details", "req-1"));

        AcfException back = AcfJson.read(wire, ErrorBody.class).toException(code.httpStatus());

        assertThat(back).isExactlyInstanceOf(type);
        assertThat(back.code()).isEqualTo(code);
        assertThat(back.getMessage()).contains("details", "req-1");
    }

    @Test
    void unknownCodeFromANewerPeerKeepsItsIdAndStatus() {
        ErrorBody body = AcfJson.read("{\"error\":{\"code\":\"quota_exhausted\",\"message\":\"m\",\"extra\":1}}", ErrorBody.class);

        AcfException back = body.toException(429);

        assertThat(back).isInstanceOf(LimitExceededException.class);
        assertThat(back.code()).isEqualTo(new ErrorCode("quota_exhausted", 429));
    }

    @Test
    void standardCodesAreUniqueAndWellFormed() {
        assertThat(ErrorCode.standard()).extracting(ErrorCode::id).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z_]+"));
        assertThatThrownBy(() -> new ErrorCode("Bad-Code", 400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ErrorCode("fine", 200)).isInstanceOf(IllegalArgumentException.class);
    }
}
