package io.piglix.cli;

import io.piglix.configuration.ConfigLoader;
import java.time.Duration;
import picocli.CommandLine;

/** Converters for option values in the units the configuration files use. */
final class Converters {

  private Converters() {
  }

  /** Converts a duration such as {@code 500ms}, {@code 10s}, {@code 3m} or {@code 1h}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration duration = ConfigLoader.parseDuration(value);
        if (duration.isZero()) {
          throw new CommandLine.TypeConversionException("'" + value + "' is zero: give a"
              + " positive duration such as 10s");
        }
        return duration;
      } catch (NumberFormatException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException("invalid duration '" + value + "': use"
            + " a whole number with the unit ms, s, m or h, such as 10s");
      }
    }
  }

  /** Converts a byte size such as {@code 512k}, {@code 64m} or {@code 2g} (binary units). */
  static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        long bytes = ConfigLoader.parseSize(value);
        if (bytes <= 0) {
          throw new CommandLine.TypeConversionException("'" + value + "' is zero: give a"
              + " positive size such as 64m");
        }
        return bytes;
      } catch (NumberFormatException | ArithmeticException e) {
        throw new CommandLine.TypeConversionException("invalid size '" + value + "': use a"
            + " whole number of bytes with an optional k, m or g suffix, such as 64m");
      }
    }
  }
}
