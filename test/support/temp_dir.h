// Test helper: a fresh directory under the system temp directory for tests that read real files,
// removed with everything in it when the TempDir goes, so tests leave nothing behind.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace s3copy::test {

// Example: TempDir dir("s3cfg_test"); load(dir.write(".aws/config", "[default]\n"));
class TempDir {
 public:
  // Creates "<system temp>/<prefix>.XXXXXX"; the prefix tells which test a leftover came from.
  // Throws std::runtime_error when the directory cannot be created.
  explicit TempDir(std::string_view prefix);
  ~TempDir();

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `text` to `relative_path` inside the directory, replacing any file there and creating
  // missing parent directories. Returns the file's full path.
  std::string write(const std::string& relative_path, std::string_view text) const;
  // The whole text of `relative_path` inside the directory; empty when there is no such file.
  std::string read(const std::string& relative_path) const;

 private:
  std::filesystem::path path_;
};

}  // namespace s3copy::test
