package io.leasehold.dhcp.examples;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Turns SIGTERM and SIGINT into a normal stop, so the process exits 0 like kea-dhcp4 does (a JVM killed by SIGTERM
 * exits 143, which service managers count as a failure). Uses {@code sun.misc.Signal} (module jdk.unsupported)
 * reflectively; where it is missing, the JVM's shutdown hooks still stop the server.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Runs {@code stop} on SIGTERM and SIGINT; false when signals cannot be handled here. */
    static boolean install(Runnable stop) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            InvocationHandler invocation = (Object proxy, Method method, Object[] args) -> {
                if (method.getName().equals("handle")) {
                    stop.run();
                    return null;
                }
                return method.getName().equals("toString") ? "leasehold-stop" : method.invoke(stop, args);
            };
            Object proxy = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, invocation);
            Method handle = signal.getMethod("handle", signal, handler);
            for (String name : new String[] {"TERM", "INT"}) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
