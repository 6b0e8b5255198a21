package org.edgepki.pkcs11.internal;

import org.xipki.pkcs11.wrapper.Logger;
import org.xipki.pkcs11.wrapper.StaticLogger;

/**
 * The PKCS#11 wrapper logs every call to standard output by default, arguments included. edgepki
 * reports what matters itself, with PINs removed, so the wrapper's own logging is switched off.
 */
final class WrapperLogging implements Logger {
    private WrapperLogging() {
    }

    static void silence() {
        StaticLogger.setLogger(new WrapperLogging());
    }

    @Override
    public void info(String format, Object... arguments) {
    }

    @Override
    public void warn(String format, Object... arguments) {
    }

    @Override
    public void error(String format, Object... arguments) {
    }

    @Override
    public void debug(String format, Object... arguments) {
    }

    @Override
    public void trace(String format, Object... arguments) {
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return false;
    }

    @Override
    public boolean isWarnEnabled() {
        return false;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }
}
