package dev.acf.gateway.redact;

import dev.acf.api.security.ClassificationLevel;
import dev.acf.api.security.SensitiveDataDetector;
import dev.acf.api.security.SensitiveMatch;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Subscriber and device identifiers of a mobile network:
 * <ul>
 *   <li>IMSI: exactly 15 digits whose first three are an assigned mobile country code (ITU-T E.212,
 *       plus 001 and 999 for test and private networks);
 *   <li>IMEI: 15 digits (separators allowed) with a right Luhn digit, named as such by the field or
 *       the words just before ({@code imei}); an IMSI-looking IMEI so named is an IMEI;
 *   <li>MSISDN / phone numbers: E.164 with its {@code +} (8 to 15 digits, the first not 0,
 *       spaces, dots, dashes and parentheses allowed), or 00-prefixed and grouped, or 8 to 15 digits that
 *       the field or the words just before call a phone number ({@code msisdn}, {@code phone},
 *       {@code tel}, {@code mobile}).
 * </ul>
 * A time ({@code 12:34:56}), a date, or a number without that context is not a phone number.
 */
final class SubscriberDetector implements SensitiveDataDetector, KindLevels {
    private static final Map<String, ClassificationLevel> KINDS = Map.of("imsi", ClassificationLevel.CONFIDENTIAL, "imei", ClassificationLevel.CONFIDENTIAL, "msisdn",
                ClassificationLevel.CONFIDENTIAL, "phone", ClassificationLevel.CONFIDENTIAL);

    private static final Pattern FIFTEEN = Pattern.compile("(?<![\\d.])\\d{15}(?![\\d]|\\.\\d)");
    private static final Pattern IMEI = Pattern.compile("(?<![\\d-])\\d{2}[- ]?\\d{6}[- ]?\\d{6}[- ]?\\d(?![\\d-])");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])(\\+|00)?\\(?\\d[\\d ().-]{5,22}\\d(?![\\d])");
    private static final Pattern DATE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}");
    private static final String[] PHONE_WORDS = {"msisdn", "phone", "mobile", "cellular", "fax"};
    private static final BitSet MCC = new BitSet(1000);

    static {
        String assigned = "001 202 204 206 208 212 213 214 216 218 219 220 221 222 225 226 228 230 231 232 234 235 238 240 242 244 246"
                + " 247 248 250 255 257 259 260 262 266 268 270 272 274 276 278 280 282 283 284 286 288 289 290 292 293 294 295 297"
                + " 302 308 310 311 312 313 314 315 316 330 332 334 338 340 342 344 346 348 350 352 354 356 358 360 362 363 364 365"
                + " 366 368 370 372 374 376 400 401 402 404 405 406 410 412 413 414 415 416 417 418 419 420 421 422 424 425 426 427"
                + " 428 429 430 431 432 434 436 437 438 440 441 450 452 454 455 456 457 460 461 466 467 470 472 502 505 510 514 515"
                + " 520 525 528 530 536 537 539 540 541 542 543 544 545 546 547 548 549 550 551 552 553 554 555 602 603 604 605 606"
                + " 607 608 609 610 611 612 613 614 615 616 617 618 619 620 621 622 623 624 625 626 627 628 629 630 631 632 633 634"
                + " 635 636 637 638 639 640 641 642 643 645 646 647 648 649 650 651 652 653 654 655 657 658 659 702 704 706 708 710"
                + " 712 714 716 722 724 730 732 734 736 738 740 742 744 746 748 750 901 999";
        for (String mcc : assigned.split(" ")) {
            MCC.set(Integer.parseInt(mcc));
        }
    }

    @Override
    public Map<String, ClassificationLevel> kindLevels() {
        return KINDS;
    }

    @Override
    public List<SensitiveMatch> detect(String text, @Nullable String field) {
        if (!Texts.hasDigits(text, 8)) {
            return List.of();
        }
        String key = Texts.fieldKey(field);
        List<SensitiveMatch> found = new ArrayList<>(1);
        if (Texts.hasDigitRun(text, 2)) {
            Matcher imei = IMEI.matcher(text);
            while (imei.find()) {
                if ((key.contains("imei") || Texts.before(text, imei.start(), 24).contains("imei")) && Luhn.valid(Luhn.digits(imei.group()))) {
                    found.add(new SensitiveMatch(imei.start(), imei.end(), "imei", ClassificationLevel.CONFIDENTIAL, "imei.luhn"));
                }
            }
        }
        if (Texts.hasDigitRun(text, 15)) {
            Matcher m = FIFTEEN.matcher(text);
            while (m.find()) {
                boolean imei = key.contains("imei") || Texts.before(text, m.start(), 24).contains("imei");
                if (!imei && MCC.get(Integer.parseInt(m.group().substring(0, 3)))) {
                    found.add(new SensitiveMatch(m.start(), m.end(), "imsi", ClassificationLevel.CONFIDENTIAL, "imsi.mcc"));
                }
            }
        }
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            String number = m.group();
            String digits = Luhn.digits(number);
            if (digits.length() < 8 || digits.length() > 15 || !separatorsPlausible(number) || DATE.matcher(number).lookingAt()) {
                continue;
            }
            String prefix = m.group(1);
            boolean international = "+".equals(prefix) ? digits.charAt(0) != '0'
                    : "00".equals(prefix) && digits.length() >= 10 && digits.charAt(2) != '0' && !digits.equals(number);
            String context = Texts.before(text, m.start(), 24);
            boolean msisdn = key.contains("msisdn") || context.contains("msisdn");
            if (international || msisdn || phoneWord(key) || key.equals("tel") || phoneWord(context)) {
                found.add(new SensitiveMatch(m.start(), m.end(), msisdn ? "msisdn" : "phone", ClassificationLevel.CONFIDENTIAL,
                        international ? "phone.e164" : "phone.context"));
            }
        }
        return found;
    }

    /** No doubled separators and balanced parentheses: {@code +44 (20) 7946-0958}, not {@code 1.2.3.4.5.6.7.8}. */
    private static boolean separatorsPlausible(String number) {
        int open = 0;
        int dots = 0;
        char previous = 'x';
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            boolean separator = c == ' ' || c == '.' || c == '-';
            if (separator && (previous == ' ' || previous == '.' || previous == '-')) {
                return false;
            }
            if (c == '.') {
                dots++;
            }
            if (c == '(') {
                open++;
            } else if (c == ')' && --open < 0) {
                return false;
            }
            previous = c;
        }
        return open == 0 && dots <= 3;
    }

    private static boolean phoneWord(String context) {
        for (String word : PHONE_WORDS) {
            if (context.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
