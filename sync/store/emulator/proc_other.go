//go:build !linux

package emulator

import "syscall"

func procAttr() *syscall.SysProcAttr { return nil }

func (e *Emulator) kill() {
	if e.cmd == nil || e.cmd.Process == nil {
		return
	}
	_ = e.cmd.Process.Kill()
}
