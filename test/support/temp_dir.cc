// Test helper: a fresh directory under the system temp directory for tests that read real files,
// removed with everything in it when the TempDir goes, so tests leave nothing behind.
#include "test/support/temp_dir.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace s3copy::test {

TempDir::TempDir(std::string_view prefix) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string(prefix) + ".XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create " + pattern + ": " + std::strerror(errno));
  }
  path_ = pattern;
}

// The error_code form, because a destructor must not throw; a leftover directory is harmless.
TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& relative_path, std::string_view text) const {
  const std::filesystem::path file = path_ / relative_path;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file) << text;
  return file.string();
}

std::string TempDir::read(const std::string& relative_path) const {
  std::ifstream file(path_ / relative_path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

}  // namespace s3copy::test
