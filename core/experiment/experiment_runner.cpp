// SPDX-License-Identifier: MIT
// The runner's processes: fork/exec of lada-cli, J at a time, with their output in the runs' logs.
#include "core/experiment/experiment_runner.h"

#include "core/error.h"
#include "core/util/seconds_since.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace lada {

namespace {

using Clock = std::chrono::steady_clock;

struct Running {
    size_t job = 0;
    pid_t pid = -1;
    Clock::time_point started;
};

std::string fixed1(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", v);
    return text;
}

/** Starts `program` with `args`; its stdout and stderr go to `logFile` (appended). Throws Error when it cannot. */
pid_t startProcess(const std::string& program, const std::vector<std::string>& args, const std::string& logFile)
{
    // Everything the child needs is made before fork: between fork and exec only async-signal-safe calls.
    std::vector<std::string> storage;
    storage.push_back(program);
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    const int log = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0)
        throw Error("cannot open \"" + logFile + "\": " + std::strerror(errno));
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        const int err = errno;
        ::close(log);
        throw Error(std::string("cannot start a process: ") + std::strerror(err));
    }
    if (pid == 0) {
#ifdef __linux__
        // A runner killed outright (SIGKILL) takes its runs with it instead of leaving them writing.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(128 + SIGTERM);
#endif
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0)
            ::dup2(null, STDIN_FILENO);
        ::dup2(log, STDOUT_FILENO);
        ::dup2(log, STDERR_FILENO);
        ::execv(argv[0], argv.data());
        const char message[] = "lada-cli experiment: cannot run the program\n";
        [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, message, sizeof message - 1);
        ::_exit(127);
    }
    (void)parent;
    ::close(log);
    return pid;
}

std::string exitText(int status)
{
    if (WIFEXITED(status))
        return "exit " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("killed by signal ") + std::to_string(WTERMSIG(status));
    return "stopped";
}

}  // namespace

RunnerReport runJobs(const std::vector<RunJob>& jobs, const RunnerOptions& o)
{
    const Clock::time_point begin = Clock::now();
    RunnerReport report;
    std::vector<Running> running;
    size_t next = 0;
    int done = o.done;
    auto stopping = [&] { return o.stop != nullptr && o.stop->load(); };
    auto say = [&](const std::string& line) {
        if (o.say) {
            char stamp[32];
            std::snprintf(stamp, sizeof stamp, "[%5.0f s] ", secondsSince(begin));
            o.say(stamp + line);
        }
    };
    auto doneText = [&] {
        std::string t = std::to_string(done) + "/" + std::to_string(o.total) + " done";
        if (!report.failed.empty())
            t += ", " + std::to_string(report.failed.size()) + " failed";
        return t;
    };

    while (!stopping() && (next < jobs.size() || !running.empty())) {
        while (!stopping() && next < jobs.size() && static_cast<int>(running.size()) < std::max(1, o.jobs)) {
            const RunJob& job = jobs[next];
            try {
                if (job.prepare)
                    job.prepare();
                const pid_t pid = startProcess(o.program, job.arguments, job.logFile);
                running.push_back({next, pid, Clock::now()});
                say("start " + job.name + " (" + job.state + ", pid " + std::to_string(pid) + ")");
            } catch (const std::exception& e) {
                report.failed.push_back(job.name + ": " + e.what());
                say("FAILED " + job.name + ": " + e.what() + "; " + doneText());
            }
            ++next;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (stopping())
            break;  // a child that died of the same Ctrl+C is not a failure: counted below as remaining
        for (auto it = running.begin(); it != running.end();) {
            int status = 0;
            if (::waitpid(it->pid, &status, WNOHANG) != it->pid) {
                ++it;
                continue;
            }
            const RunJob& job = jobs[it->job];
            const std::string took = fixed1(secondsSince(it->started)) + " s";
            if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                ++report.finished;
                ++done;
                say("finished " + job.name + " in " + took + ", " + doneText());
            } else {
                report.failed.push_back(job.name + ": " + exitText(status) + ", see " + job.logFile);
                say("FAILED " + job.name + " (" + exitText(status) + ") after " + took + ": see " + job.logFile + "; " +
                    doneText());
            }
            it = running.erase(it);
        }
    }

    if (stopping()) {
        report.interrupted = true;
        for (const Running& r : running)
            ::kill(r.pid, SIGTERM);
        const Clock::time_point asked = Clock::now();
        bool killed = false;
        while (!running.empty()) {
            for (auto it = running.begin(); it != running.end();) {
                int status = 0;
                const pid_t got = ::waitpid(it->pid, &status, WNOHANG);
                if (got == it->pid || (got < 0 && errno == ECHILD)) {
                    if (got == it->pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
                        ++report.finished;  // it finished before the signal reached it
                        ++done;
                    }
                    it = running.erase(it);
                } else {
                    ++it;
                }
            }
            if (!killed && secondsSince(asked) > 20.0) {
                for (const Running& r : running)
                    ::kill(r.pid, SIGKILL);
                killed = true;
            }
            if (!running.empty())
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    report.remaining = o.total - done - static_cast<int>(report.failed.size());
    return report;
}

}  // namespace lada
