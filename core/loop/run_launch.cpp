// SPDX-License-Identifier: MIT
#include "core/loop/run_launch.h"

#include "core/config/presets.h"
#include "core/config/setting_table.h"
#include "core/error.h"

#include <filesystem>

namespace lada {

std::unique_ptr<LabelingSession> openOrStartRun(const RunRequest& a, const Progress& progress,
                                                std::vector<std::string>& warnings)
{
    if (!a.session.empty() && std::filesystem::exists(std::filesystem::path(a.session) / "session.json")) {
        for (const auto& [key, value] : a.settings)
            if (key != "rounds" && key != "threads" && key != "device")
                throw ConfigError("--" + key + ": \"" + a.session +
                                  "\" is an existing session, which keeps its own "
                                  "settings; only --rounds, --threads and --device apply when it is continued");
        Session journal = Session::open(a.session);
        if (journal.isReadOnly())
            throw DataError("cannot continue the session \"" + a.session + "\": its folder cannot be written (" +
                            journal.readOnlyReason() + "); export or report it instead, or copy it somewhere writable");
        RestoreSummary restored;
        auto session = LabelingSession::reopen(std::move(journal), a.cacheDir, progress, restored, a.settings);
        warnings.insert(warnings.end(), restored.warnings.begin(), restored.warnings.end());
        return session;
    }
    ExperimentConfig config;
    if (!a.preset.empty())
        applyPreset(config, a.preset);  // the preset fills in the settings; those given explicitly win
    applySettings(config, a.settings);
    if (a.train.empty())
        throw ConfigError("--train is required unless --session names an existing session");
    const DataSources sources{a.train, a.test, {}, a.cacheDir};
    Splits splits = loadSplits(sources, config, progress);
    if (!splits.train.hasLabels())
        throw ConfigError("the simulated oracle needs labels: \"" + a.train + "\" has unlabeled images");
    auto session = std::make_unique<LabelingSession>(std::move(splits), sources, std::move(config), a.session);
    session->openInitialSet();
    return session;
}

}  // namespace lada
