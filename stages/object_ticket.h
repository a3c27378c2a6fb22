// An admitted object's claim on the ledger: it travels with the object and its outcome consumes
// it, so every admitted object ends in one outcome, and a claim destroyed unconsumed fails it.
#pragma once

#include <functional>
#include <string>

#include "plan/action.h"

namespace s3copy::stages {

class Ledger;

// Move-only. Made only by Ledger::admit and consumed only by the ledger's record_*() calls. One
// destroyed unconsumed (an object some path forgot) is recorded as failed, "internal: dropped",
// so the run ends with exit 1 and names the object; debug builds stop at once instead.
class ObjectTicket {
 public:
  ObjectTicket() = default;  // holds no claim
  ObjectTicket(ObjectTicket&& other) noexcept;
  ObjectTicket& operator=(ObjectTicket&& other) noexcept;
  ObjectTicket(const ObjectTicket&) = delete;
  ObjectTicket& operator=(const ObjectTicket&) = delete;
  ~ObjectTicket();

  // True while the claim is unconsumed.
  bool held() const { return ledger_ != nullptr; }

 private:
  friend class Ledger;
  ObjectTicket(Ledger& ledger, std::string source_bucket, std::string source_key);
  // Hands the claim back to the ledger: the ticket holds none afterwards.
  Ledger* release();
  void drop();

  Ledger* ledger_ = nullptr;
  std::string source_bucket_;  // to name the object if the ticket is dropped
  std::string source_key_;
};

// A copy decision on its way from the differ (or a plan) to its outcome, with its claim.
struct AdmittedAction {
  plan::Action action;
  ObjectTicket ticket;
};

// Where a stage hands on the objects it decided to copy (the splitter's queue).
using CopyDecisions = std::function<void(AdmittedAction)>;

}  // namespace s3copy::stages
