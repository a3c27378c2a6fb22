// The line format of plans: one action per line, tab-separated, keys percent-encoded so any key
// round-trips. `-n` prints it, --emit-plan saves it and --apply-plan reads it (plan/FORMAT.md).
#include "plan/plan_line.h"
#include "plan/text.h"

#include <array>
#include <charconv>
#include <vector>

namespace s3copy::plan {
namespace {

constexpr size_t kFieldCount = 8;

bool needs_escape(unsigned char c) {
  return c <= 0x20 || c == 0x7f || c == '%';
}

std::string escape_key(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(key.size());
  for (unsigned char c : key) {
    if (needs_escape(c)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

class LineParser {
 public:
  LineParser(std::string_view line, size_t line_number) : line_number_(line_number) { split(line); }

  Action parse() const {
    Action action;
    action.verdict = verdict(fields_[0]);
    action.method = method(fields_[1]);
    action.source.size = number(fields_[2], "size");
    action.source.etag = etag(fields_[3]);
    auto [source_bucket, source_key] = object_url(fields_[4], "source");
    action.source_bucket = std::move(source_bucket);
    action.source.key = std::move(source_key);
    auto [destination_bucket, destination_key] = object_url(fields_[5], "destination");
    action.destination_bucket = std::move(destination_bucket);
    action.destination_key = std::move(destination_key);
    read_layout(fields_[6], action);
    action.reason = std::string(fields_[7]);
    check_consistency(action);
    return action;
  }

 private:
  void split(std::string_view line) {
    size_t start = 0;
    for (;;) {
      const size_t tab = line.find('\t', start);
      fields_.push_back(line.substr(start, tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (fields_.size() != kFieldCount) {
      fail("expected " + std::to_string(kFieldCount) + " tab-separated fields, found " +
           std::to_string(fields_.size()));
    }
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(line_of("plan", line_number_), problem);
  }

  Verdict verdict(std::string_view text) const {
    if (text == "copy") return Verdict::kCopy;
    if (text == "skip") return Verdict::kSkip;
    fail("verdict '" + std::string(text) + "' is not copy or skip");
  }

  CopyMethod method(std::string_view text) const {
    if (text == "simple") return CopyMethod::kSimple;
    if (text == "multipart") return CopyMethod::kMultipart;
    if (text == "staged") return CopyMethod::kStaged;
    if (text == "-") return CopyMethod::kNone;
    fail("method '" + std::string(text) + "' is not simple, multipart, staged or -");
  }

  std::uint64_t number(std::string_view text, const char* name) const {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
      fail(std::string(name) + " '" + std::string(text) + "' is not a whole number");
    }
    return value;
  }

  std::string etag(std::string_view text) const {
    if (text.empty()) fail("source_etag is empty");
    return std::string(text);
  }

  std::pair<std::string, std::string> object_url(std::string_view text, const char* name) const {
    if (!text.starts_with("s3://")) fail(std::string(name) + " does not start with s3://");
    text.remove_prefix(5);
    const size_t slash = text.find('/');
    if (slash == 0 || slash == std::string_view::npos) {
      fail(std::string(name) + " is not s3://bucket/key");
    }
    return {std::string(text.substr(0, slash)), unescape_key(text.substr(slash + 1), name)};
  }

  std::string unescape_key(std::string_view text, const char* name) const {
    std::optional<std::string> key = percent_decode(text);
    if (!key) fail(std::string(name) + " key has a bad %-escape");
    if (key->empty()) fail(std::string(name) + " key is empty");
    return *key;
  }

  // A part size, or uneven parts' sizes ("8388608x2,3222784"), which must add up to the size.
  void read_layout(std::string_view text, Action& action) const {
    if (text.find_first_of("x,") == std::string_view::npos) {
      action.part_size = number(text, "part_size");
      return;
    }
    std::optional<std::vector<std::uint64_t>> sizes = parse_part_sizes(text);
    if (!sizes) fail("part_size '" + std::string(text) + "' is not SIZE or SIZExCOUNT,...");
    std::uint64_t total = 0;
    for (std::uint64_t size : *sizes) {
      // Refused before adding: a sum past 2^64 would wrap around, possibly to the object's size.
      if (size > action.source.size - total) {
        fail("part sizes '" + std::string(text) + "' add up to more than the object's " +
             std::to_string(action.source.size) + " bytes");
      }
      total += size;
    }
    if (total != action.source.size) {
      fail("part sizes '" + std::string(text) + "' add up to " + std::to_string(total) +
           " bytes, not the object's " + std::to_string(action.source.size));
    }
    action.part_size = sizes->front();
    // Sizes that one part size describes ("5x1", "8x2,3") are kept as that part size, as Action
    // holds uniform layouts, so that format_action() writes the line back as it reads.
    if (!PartLayout::of_sizes(*sizes)->is_uniform()) action.part_sizes = std::move(*sizes);
  }

  void check_consistency(const Action& action) const {
    if ((action.verdict == Verdict::kSkip) != (action.method == CopyMethod::kNone)) {
      fail("a skip has method '-' and a copy has simple, multipart or staged");
    }
    if (copies_in_parts(action.method) && action.part_size == 0) {
      fail("a " + std::string(method_name(action.method)) + " copy needs a part_size");
    }
  }

  size_t line_number_;
  std::vector<std::string_view> fields_;
};

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  return verdict == Verdict::kCopy ? "copy" : "skip";
}

std::string_view method_name(CopyMethod method) {
  switch (method) {
    case CopyMethod::kSimple:
      return "simple";
    case CopyMethod::kMultipart:
      return "multipart";
    case CopyMethod::kStaged:
      return "staged";
    case CopyMethod::kNone:
      break;
  }
  return "-";
}

std::string format_object_url(std::string_view bucket, std::string_view key) {
  return "s3://" + std::string(bucket) + "/" + escape_key(key);
}

std::string format_action(const Action& action) {
  std::string line;
  line += verdict_name(action.verdict);
  line += '\t';
  line += method_name(action.method);
  line += '\t' + std::to_string(action.source.size);
  line += '\t' + action.source.etag;
  line += '\t' + format_object_url(action.source_bucket, action.source.key);
  line += '\t' + format_object_url(action.destination_bucket, action.destination_key);
  line += '\t' + (action.part_sizes.empty() ? std::to_string(action.part_size)
                                            : format_part_sizes(action.part_sizes));
  line += '\t' + action.reason;
  return line;
}

Action parse_action(std::string_view line, size_t line_number) {
  return LineParser(line, line_number).parse();
}

}  // namespace s3copy::plan
