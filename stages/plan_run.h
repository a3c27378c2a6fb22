// --apply-plan as a whole job: checks a saved plan before anything is copied, runs the copy
// stages on its copy lines (stages/plan_applier.h), and cleans up after the plan's job.
#pragma once

#include <cstdio>

#include "net/s3_client.h"
#include "stages/pipeline.h"

namespace s3copy::stages {

// Applies the plan `config.apply_plan` names (a path, or "-" for standard input) as
// run_pipeline() describes. Before copying it reads the whole plan, checks every bucket it names
// and, with --cleanup, that it holds one "# job" line; any of these throws CouldNotStart or
// std::invalid_argument.
RunResult run_applied_plan(const PipelineConfig& config, net::S3Client& source_client,
                           net::S3Client& destination_reader, plan::PlanWriter& plan_out);

}  // namespace s3copy::stages
