<#import "layout.ftl" as layout>
${(subscriber.firstName?has_content)?then(msg("mail.helloName", subscriber.firstName!), msg("mail.hello"))}

${msg("mail.alreadySubscribed.text", subscriber.email, list.name)}

<@layout.footer/>
