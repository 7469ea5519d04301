package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/metandereogen/maograph/graph/model"
)

var requestIDKey = ctxKey{"request-id"}

// WithRequestID stores the request id that errors and logs carry.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id stored by WithRequestID, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// maxMessageBytes bounds an error message sent or logged: a message may quote a name or value
// from the request, and only a short prefix of what a client sent is ever echoed.
const maxMessageBytes = 300

// presentError gives every resolver error its extensions.code and a client-safe message. It is
// the one place errors are logged: database trouble as warnings, anything unexpected as an
// error with its cause, shown to the client only as "internal error".
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		gqlErr.Message = clip(gqlErr.Message, maxMessageBytes)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		if id := RequestID(ctx); id != "" {
			gqlErr.Extensions["requestId"] = id
		}
		var appErr *model.Error
		if !errors.As(err, &appErr) {
			if _, has := gqlErr.Extensions["code"]; has {
				return gqlErr // parse and validation errors keep gqlgen's code
			}
			if strings.HasSuffix(gqlErr.Message, "introspection disabled") {
				gqlErr.Message = "Introspection is turned off on this server."
				gqlErr.Extensions["code"] = model.EINVALID
				return gqlErr
			}
			log.ErrorContext(ctx, "graphql internal error", "err", clip(err.Error(), maxMessageBytes), "path", gqlErr.Path.String(), "request_id", RequestID(ctx))
			gqlErr.Message = "internal error"
			gqlErr.Extensions["code"] = model.EINTERNAL
			return gqlErr
		}
		gqlErr.Message = clip(appErr.Message, maxMessageBytes)
		gqlErr.Extensions["code"] = appErr.Code
		if appErr.Code == model.EUNAVAILABLE || appErr.Code == model.ETIMEOUT {
			// The cause tells a database that is down from a pool that is exhausted.
			log.WarnContext(ctx, "graphql database error", "code", appErr.Code, "cause", clip(fmt.Sprint(appErr.Err), maxMessageBytes), "request_id", RequestID(ctx))
		}
		return gqlErr
	}
}

// recoverPanic turns a resolver panic into an internal error response instead of a crash.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "graphql panic", "panic", fmt.Sprint(p), "request_id", RequestID(ctx))
		return &model.Error{Code: model.EINTERNAL, Message: "internal error"}
	}
}
